using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Tasks.CountdownText;

/// <summary>
/// CountDown as text (<c>countdown-text</c>): the problems, teacher, verifier and diagnostics of <see cref="CountdownTask"/>
/// with natural-language prompts and <c>&lt;think&gt;/&lt;answer&gt;</c> responses (<see cref="CountdownTextFormat"/>).
/// Tokenized by the model's tokenizer when the policy is a pretrained decoder, else by bytes (<see cref="ByteTokenizer"/>).
/// The teacher's trace budget is M minus the tags, counted in characters (at most one token each).
/// </summary>
public sealed class CountdownTextTask : IRlvrTask, ITaskDiagnostics
{
    /// <summary>The registry name.</summary>
    public const string TaskName = "countdown-text";

    /// <summary>The registry entry: the text options, CountDown's section of each preset, and the model's tokenizer when there is one.</summary>
    public static TaskDescriptor Descriptor { get; } = new(
        TaskName,
        typeof(CountdownTextOptions),
        preset => new CountdownTextOptions(CountdownTask.Preset(preset)),
        (options, maxResponseLength, tokenizer) => new CountdownTextTask((CountdownTextOptions)options, maxResponseLength, tokenizer));

    private readonly CountdownTask _compact;
    private readonly Dictionary<TaskSplit, IReadOnlyList<TaskPrompt>> _distinct = [];

    public CountdownTextTask(CountdownTextOptions options, int maxResponseLength, ITokenizer? tokenizer = null)
    {
        if (maxResponseLength <= CountdownTextFormat.Overhead + 1)
        {
            throw new ArgumentOutOfRangeException("rollout.maxResponseLength", maxResponseLength,
                $"rollout.maxResponseLength must exceed {CountdownTextFormat.Overhead + 1} for {TaskName} (its tags and EOS alone take that many tokens).");
        }

        _compact = new CountdownTask(options, maxResponseLength - CountdownTextFormat.Overhead - 1);
        Options = options;
        Tokenizer = tokenizer ?? new ByteTokenizer();
    }

    public string Name => TaskName;

    public CountdownTextOptions Options { get; }

    public ITokenizer Tokenizer { get; }

    public IReadOnlyList<TaskPrompt> Prompts(TaskSplit split, int offset, int count) =>
        _compact.Prompts(split, offset, count).Select(AsText).ToArray();

    public IReadOnlyList<TaskPrompt> DistinctPrompts(TaskSplit split)
    {
        lock (_distinct)
        {
            if (!_distinct.TryGetValue(split, out var prompts))
            {
                _distinct[split] = prompts = _compact.DistinctPrompts(split).Select(AsText).ToArray();
            }

            return prompts;
        }
    }

    public double Reward(TaskPrompt prompt, string response) =>
        CountdownTextFormat.Compact(response) is { } compact ? _compact.Reward(prompt, compact) : 0.0;

    public string TeacherResponse(TaskPrompt prompt, Random random) => CountdownTextFormat.Response(_compact.TeacherResponse(prompt, random));

    public IReadOnlyDictionary<string, double> Diagnose(IEnumerable<(TaskPrompt Prompt, string Response)> responses) =>
        _compact.Diagnose(responses.Select(r => (r.Prompt, CountdownTextFormat.Compact(r.Response) ?? "")));

    private TaskPrompt AsText(TaskPrompt prompt) => prompt with { Text = CountdownTextFormat.Prompt(prompt.Numbers, prompt.Target, Options.Operators) };
}
