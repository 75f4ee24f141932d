using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// The policy a study measures, the run options it belongs to (G, M, task, loss settings, scope) and the offset of
/// the train prompts it has not seen yet: a checkpoint's, or the warm-start policy a run with these options starts from.
/// </summary>
public sealed class StudyPolicy : IDisposable
{
    private StudyPolicy(CausalPolicy policy, RunOptions options, IRlvrTask task, int promptOffset, string source)
    {
        Policy = policy;
        Options = options;
        Task = task;
        PromptOffset = promptOffset;
        Source = source;
    }

    public CausalPolicy Policy { get; }

    public RunOptions Options { get; }

    public IRlvrTask Task { get; }

    /// <summary>The first train prompt the study samples: the next one the run would have drawn.</summary>
    public int PromptOffset { get; }

    /// <summary>Where the policy came from, for the report.</summary>
    public string Source { get; }

    /// <summary>
    /// Loads a checkpoint: <paramref name="directory"/> is a checkpoint folder, a run directory (its newest checkpoint) or
    /// a checkpoints folder. Overrides change the study's settings (e.g. groupSize) but not the policy's shape or task.
    /// </summary>
    public static StudyPolicy FromCheckpoint(string directory, Device device, IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var checkpoint = Find(directory);
        var state = RunCheckpoint.ReadState(checkpoint);
        var (policy, options, task) = PolicyLoader.Load(checkpoint, device);
        try
        {
            var adjusted = TrainingOverrides.Apply(options, overrides ?? []);
            if (adjusted.Policy != options.Policy || adjusted.Task.Name != options.Task.Name)
            {
                throw new ArgumentException("set: a checkpoint's policy shape and task are fixed; override the study's settings only.", "set");
            }

            return new StudyPolicy(policy, adjusted, RlvrTasks.Create(adjusted), state.PromptCursor, $"checkpoint {checkpoint.Directory} (step {checkpoint.Step})");
        }
        catch
        {
            policy.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The warm-start policy of a run with <paramref name="options"/>: the same initialization and warm start as
    /// <see cref="RunSession.Open"/>, loaded from <paramref name="cache"/> when a run (or study) already computed it.
    /// </summary>
    public static StudyPolicy WarmStarted(RunOptions options, Device device, WarmStartCache? cache, IProgress<VarianceProgress>? progress = null)
    {
        options.Validate();
        var task = RlvrTasks.Create(options);
        var policy = Policies.Create(options, task.Tokenizer, StepSeeds.Initialization(options.WarmStart.SeedFor(options.Seed)), device);
        try
        {
            new WarmStart(task, options).TrainOrLoad(policy, cache, (step, _) => progress?.Report(new VarianceProgress("warm start", step, options.WarmStart.Steps)));

            policy.eval();
            return new StudyPolicy(policy, options, task, 0, $"warm start ({options.WarmStart.Steps} steps, seed {options.WarmStart.SeedFor(options.Seed)})");
        }
        catch
        {
            policy.Dispose();
            throw;
        }
    }

    public void Dispose() => Policy.Dispose();

    private static CheckpointRef Find(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(Path.Combine(full, RunCheckpoint.StateFile)))
        {
            return PolicyLoader.Open(full, RunCheckpoint.ReadState(new CheckpointRef(0, full)).Step);
        }

        var root = Directory.Exists(Path.Combine(full, "checkpoints")) ? Path.Combine(full, "checkpoints") : full;
        if (!Directory.Exists(root))
        {
            throw new ArgumentException($"checkpoint: '{directory}' does not exist.", "checkpoint");
        }

        return new CheckpointStore(root).Latest()
            ?? throw new ArgumentException($"checkpoint: no complete checkpoint in '{directory}' (give a run directory or one of its checkpoints/step-N folders).", "checkpoint");
    }
}
