using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tasks;

/// <summary>
/// Everything the engine needs to know about one task, declared beside it and registered in <see cref="RlvrTasks"/>:
/// its name, the type of its section of the run options, that section in each preset, and how to build the task.
/// </summary>
/// <param name="Name">The registry name (<c>countdown</c>); also the JSON discriminator of its options.</param>
/// <param name="OptionsType">Its <see cref="TaskOptions"/> record.</param>
/// <param name="Preset">Its section in the named preset (a preset it has no special settings for gets its defaults).</param>
/// <param name="Create">
/// Builds the task from its section, M (the maximum response length) and the pretrained model's tokenizer when the
/// policy is one (null: the task's own); a task that cannot use a model's tokenizer refuses it naming <c>policy.model</c>.
/// </param>
public sealed record TaskDescriptor(
    string Name,
    Type OptionsType,
    Func<string, TaskOptions> Preset,
    Func<TaskOptions, int, ITokenizer?, IRlvrTask> Create);
