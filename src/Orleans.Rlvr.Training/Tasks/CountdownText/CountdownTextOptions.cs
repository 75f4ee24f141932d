using System.Text.Json.Serialization;
using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Tasks.CountdownText;

/// <summary>
/// The <c>countdown-text</c> task's section of the run options: the same problems, teacher and reward knobs as
/// CountDown (<see cref="CountdownOptions"/>), written as natural-language prompts and tagged responses.
/// </summary>
[GenerateSerializer, Immutable, Alias("rlvr.CountdownTextOptions")]
public sealed record CountdownTextOptions : CountdownOptions
{
    public CountdownTextOptions()
    {
    }

    /// <summary>The text form of a CountDown section (every knob copied).</summary>
    public CountdownTextOptions(CountdownOptions problems) : base(problems)
    {
    }

    /// <summary>The task's registry name.</summary>
    [JsonIgnore]
    public override string Name => CountdownTextTask.TaskName;
}
