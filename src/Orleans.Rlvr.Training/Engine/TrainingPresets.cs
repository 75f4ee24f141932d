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

    /// <summary>RL steps of the small preset.</summary>
    public const int SmallSteps = 200;

    /// <summary>RL steps of the mixed and spread presets.</summary>
    public const int MixedSteps = 250;

    /// <summary>RL steps of the reference preset: its gain is made by step 25, and 150 steps fit in 10 minutes.</summary>
    public const int ReferenceSteps = 150;

    /// <summary>
    /// The fixed warm-start seed of the mixed, spread and reference presets: every run seed starts RL from the same policy
    /// (as runs from one pretrained model do). On the mixed regime seed 1's warm start was the strongest of the three
    /// trained (held-out avg@4 0.266 against 0.215 and 0.201), and RL gains from the weaker two were +5 to +10 points
    /// (docs/results.md).
    /// </summary>
    public const int ReferenceWarmStartSeed = 1;

    /// <summary>The valid preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["smoke", "demo", "small", "quick", "mixed", "spread", "reference"];

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

            // The embedded demo sweep (a bare `rlvr sweep`): the small regime, shortened to 60 RL steps.
            "demo" => Regime(taskOptions, DemoSteps),

            // Minutes on a 2-core CPU: the old easy CountDown (docs/results.md, the sweeps before 2026-12-01), where RL
            // barely moves accuracy.
            "quick" => Quick(taskOptions),

            // The first regime where RL matters (docs/results.md; `reference` until 2026-12-01's second change): 460 / 67
            // distinct problems, a 64 × 2 policy, the hazard teacher and trace-verified reward, every distinct test
            // problem evaluated every 5 steps, four optimizer steps per RL step and clip-higher as the paper's scripts.
            // About a minute a run on one core after its warm start.
            "small" => Regime(taskOptions, SmallSteps),

            // The regime of the 2 × 2 factorial at 5 seeds (docs/results.md; `reference` until 2026-12-02): 3–4 numbers
            // (2,673 train / 299 test problems), a 96 × 3 policy warm-started for 8,000 steps to 20–40% held-out accuracy
            // (one warm start for every run seed), lr 1e-4, M = 128; RL raises held-out avg@4 by 15+ points in 250 steps,
            // but a group's longest response is only 2.3–2.5× its shortest. About 9 minutes a run on one core after the
            // warm start (about 10 minutes once, then cached).
            "mixed" => Mixed(taskOptions),

            // A pilot (docs/results.md, "The spread regime"): the mixed regime with the guessing teacher, 4 numbers and
            // M = 192, so that a group's longest response is ≥ 4× its shortest when RL starts (5.4–5.6×); the same policy,
            // warm-start length and RL settings. The spread falls to 3.4–4.2× as RL learns not to guess, and RL gains
            // +12 to +13 points at lr 1e-4. About 70 minutes of warm start on one core, then cached.
            "spread" => Spread(taskOptions),

            // The regime of record (docs/results.md, "The long-tail regime"): the spread regime's four numbers and M = 192
            // with the hazard teacher at h = 0.25 (2,213 train / 232 test problems; teacher 46%, never giving up 80%),
            // warm-started to ~40% held-out accuracy with pass@8 ~95%; groups span 4.5–4.8× in length when RL starts and
            // more as RL learns not to give up, and RL raises held-out avg@4 by 25+ points in 150 steps. The warm start
            // (about 70 minutes on one core) is cached; a run after it takes under 10 minutes.
            "reference" => Reference(taskOptions),
            _ => throw new ArgumentException($"preset: unknown name '{name}'; valid: {string.Join(", ", Names)}.", "preset"),
        };
    }

    private static RunOptions Regime(TaskOptions task, int steps) => new()
    {
        Task = task,
        Steps = steps,
        Rollout = new RolloutOptions { PromptsPerStep = 16, GroupSize = 8, MaxResponseLength = 96 },
        Ppo = new PpoOptions { LearningRate = 3e-4, MiniBatches = 4, MicroBatchSize = 64, Loss = new PolicyLossOptions { ClipRatioHigh = 0.28 } },
        Evaluation = new EvaluationOptions { Every = 5, Prompts = 0, Samples = 4 },
        Checkpointing = new CheckpointingOptions { Every = 20 },
        Policy = new PolicyOptions { Width = 64, Depth = 2, Heads = 4, ContextLength = 128 },
        WarmStart = new WarmStartOptions { Steps = 1500, BatchSize = 32, LearningRate = 3e-3 },
    };

    private static RunOptions Mixed(TaskOptions task)
    {
        var small = Regime(task, MixedSteps);
        return small with
        {
            Rollout = small.Rollout with { MaxResponseLength = 128 },
            Ppo = small.Ppo with { LearningRate = 1e-4 },
            Policy = new PolicyOptions { Width = 96, Depth = 3, Heads = 4, ContextLength = 160 },
            WarmStart = small.WarmStart with { Steps = 8000, Seed = ReferenceWarmStartSeed },
        };
    }

    private static RunOptions Spread(TaskOptions task)
    {
        var mixed = Mixed(task);
        return mixed with
        {
            Rollout = mixed.Rollout with { MaxResponseLength = 192 },
            Policy = mixed.Policy with { ContextLength = 224 },
        };
    }

    // The spread regime's engine settings (its task section differs: the hazard teacher), 150 RL steps.
    private static RunOptions Reference(TaskOptions task) => Spread(task) with { Steps = ReferenceSteps };

    // The configuration of the sweeps published before 2026-12-01 (then also called `reference`): lr 1e-4 with DAPO's
    // dynamic sampling (at 2e-4 without it, grpo fell below the warm start).
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
