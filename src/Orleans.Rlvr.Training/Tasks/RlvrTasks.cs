using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks.Countdown;
using Orleans.Rlvr.Training.Tasks.CountdownText;
using Orleans.Rlvr.Training.Tasks.MathProblems;

namespace Orleans.Rlvr.Training.Tasks;

/// <summary>
/// The registry of tasks. Adding one means a folder with the task, its options record and its
/// <see cref="TaskDescriptor"/>, plus one line in <see cref="All"/>; a miss lists the valid names.
/// </summary>
public static class RlvrTasks
{
    /// <summary>Every registered task.</summary>
    public static IReadOnlyList<TaskDescriptor> All { get; } =
    [
        CountdownTask.Descriptor,
        CountdownTextTask.Descriptor,
        MathTask.Descriptor,
    ];

    /// <summary>The valid task names.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(t => t.Name).ToArray();

    /// <summary>The entry called <paramref name="name"/>; an unknown name is refused listing the valid ones.</summary>
    public static TaskDescriptor Get(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"task: unknown name '{name}'; valid: {string.Join(", ", Names)}.", "task");

    /// <summary>The task a run's options select, tokenized by the pretrained model's tokenizer when <c>policy.model</c> is set.</summary>
    public static IRlvrTask Create(RunOptions options) =>
        Get(options.Task.Name).Create(options.Task, options.Rollout.MaxResponseLength, options.Policy.IsPretrained ? Policies.Tokenizer(options.Policy) : null);
}
