namespace Orleans.Rlvr.Runs;

/// <summary>The supervised warm start: next-token cross-entropy on the task's noisy teacher traces.</summary>
[GenerateSerializer, Immutable, Alias("rlvr.WarmStartOptions")]
public sealed record WarmStartOptions
{
    /// <summary>Optimizer steps; 0 skips the warm start (RL from random weights).</summary>
    [Id(0)] public int Steps { get; init; } = 600;

    /// <summary>Teacher traces per step.</summary>
    [Id(1)] public int BatchSize { get; init; } = 64;

    /// <summary>AdamW learning rate (cosine-decayed to a tenth).</summary>
    [Id(2)] public double LearningRate { get; init; } = 2e-3;

    /// <summary>
    /// The seed of the warm start (the policy's initial weights and the teacher traces it imitates); null: the run's
    /// seed. Fixed, every run seed starts RL from the same policy, as runs from one pretrained model do, and the run
    /// seed varies only RL (prompt order, sampling, mini-batch order).
    /// </summary>
    [Id(3)] public int? Seed { get; init; }

    /// <summary>The seed the warm start uses in a run of seed <paramref name="runSeed"/>.</summary>
    public int SeedFor(int runSeed) => Seed ?? runSeed;

    public WarmStartOptions Validate()
    {
        Guard.Range("warmStart.steps", Steps, 0, 1_000_000);
        Guard.Range("warmStart.batchSize", BatchSize, 1, 65536);
        Guard.Positive("warmStart.learningRate", LearningRate);
        if (Seed is { } seed)
        {
            Guard.Range("warmStart.seed", seed, 0, int.MaxValue);
        }

        return this;
    }
}
