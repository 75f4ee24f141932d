using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Named starting points for <see cref="RunOptions"/>: the engine's sections here, the task's section from the task's
/// own <see cref="TaskDescriptor.Preset"/>. Flags and sweep overrides apply on top.
/// </summary>
public static class TrainingPresets
{
    /// <summary>RL steps of the demo preset (and so of the README's main command).</summary>
    public const int DemoSteps = 60;

    /// <summary>The valid preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["smoke", "demo", "quick", "reference"];

    /// <summary>The preset called <paramref name="name"/> for <paramref name="task"/>; an unknown name is refused with the valid ones.</summary>
    public static RunOptions Get(string name, string task = "countdown")
    {
        ArgumentNullException.ThrowIfNull(name);
        var taskOptions = RlvrTasks.Get(task).Preset(name);
        return name.ToLowerInvariant() switch
        {
            // Seconds: proves the whole loop runs (tests, CI, the embedded sweep's smoke check).
            "smoke" => new RunOptions
            {
                Task = taskOptions,
                Steps = 3,
                Rollout = new RolloutOptions { PromptsPerStep = 4, GroupSize = 4, MaxResponseLength = 96 },
                Ppo = new PpoOptions { MicroBatchSize = 16 },
                Evaluation = new EvaluationOptions { Every = 0, Prompts = 16, Samples = 2 },
                Checkpointing = new CheckpointingOptions { Every = 1 },
                Policy = new PolicyOptions { Width = 32, Depth = 1, Heads = 2, ContextLength = 128 },
                WarmStart = new WarmStartOptions { Steps = 30, BatchSize = 16 },
            },

            // The embedded demo sweep (a bare `rlvr sweep`): a small version of the regime where RL matters (docs/results.md,
            // "A regime where RL matters"): the hazard teacher stops early after misses, the reward checks the trace, and
            // RL raises held-out accuracy by unlearning false "found" declarations. Every distinct test problem is
            // evaluated; four optimizer steps per RL step and clip-higher as the paper's scripts.
            "demo" => new RunOptions
            {
                Task = taskOptions,
                Steps = DemoSteps,
                Rollout = new RolloutOptions { PromptsPerStep = 16, GroupSize = 8, MaxResponseLength = 96 },
                Ppo = new PpoOptions { LearningRate = 3e-4, MiniBatches = 4, MicroBatchSize = 64, Loss = new PolicyLossOptions { ClipRatioHigh = 0.28 } },
                Evaluation = new EvaluationOptions { Every = 20, Prompts = 0, Samples = 4 },
                Checkpointing = new CheckpointingOptions { Every = 20 },
                Policy = new PolicyOptions { Width = 64, Depth = 2, Heads = 4, ContextLength = 128 },
                WarmStart = new WarmStartOptions { Steps = 1500, BatchSize = 32, LearningRate = 3e-3 },
            },

            // Minutes on a 2-core CPU (docs/results.md): lr 1e-4 with DAPO's dynamic sampling (at 2e-4 without it, grpo
            // fell below the warm start).
            "quick" => Quick(taskOptions),

            // The reference sweep's runs (docs/results.md): the quick configuration, so that 7 configurations × 3 seeds
            // finish in about an hour on 2 cores.
            "reference" => Quick(taskOptions),
            _ => throw new ArgumentException($"preset: unknown name '{name}'; valid: {string.Join(", ", Names)}.", "preset"),
        };
    }

    private static RunOptions Quick(TaskOptions task) => new()
    {
        Task = task,
        Steps = 60,
        Rollout = new RolloutOptions { PromptsPerStep = 16, GroupSize = 8, MaxResponseLength = 160, DynamicSampling = true },
        Ppo = new PpoOptions { LearningRate = 1e-4, MiniBatches = 2, MicroBatchSize = 64 },
        Evaluation = new EvaluationOptions { Every = 10, Prompts = 256, Samples = 4 },
        Checkpointing = new CheckpointingOptions { Every = 10 },
        Policy = new PolicyOptions { Width = 96, Depth = 3, Heads = 4, ContextLength = 192 },
        WarmStart = new WarmStartOptions { Steps = 1000, BatchSize = 64, LearningRate = 3e-3 },
    };
}
