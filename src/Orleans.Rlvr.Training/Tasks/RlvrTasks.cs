using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Tasks;

/// <summary>The registry of tasks by name.</summary>
public static class RlvrTasks
{
    /// <summary>The valid task names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["countdown"];

    /// <summary>The task a run's options select.</summary>
    public static IRlvrTask Create(TrainingOptions options) => options.Task.ToLowerInvariant() switch
    {
        "countdown" => new CountdownTask(options.Countdown, options.MaxResponseLength),
        _ => throw new ArgumentException($"task: unknown name '{options.Task}'; valid: {string.Join(", ", Names)}.", "task"),
    };
}
