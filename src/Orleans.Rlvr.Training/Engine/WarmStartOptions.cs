namespace Orleans.Rlvr.Training.Engine;

/// <summary>The supervised warm start: next-token cross-entropy on the task's noisy teacher traces.</summary>
public sealed record WarmStartOptions
{
    /// <summary>Optimizer steps; 0 skips the warm start (RL from random weights).</summary>
    public int Steps { get; init; } = 600;

    /// <summary>Teacher traces per step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>AdamW learning rate (cosine-decayed to a tenth).</summary>
    public double LearningRate { get; init; } = 2e-3;

    public WarmStartOptions Validate()
    {
        OptionsGuard.Range("warmStart.steps", Steps, 0, 1_000_000);
        OptionsGuard.Range("warmStart.batchSize", BatchSize, 1, 65536);
        OptionsGuard.Positive("warmStart.learningRate", LearningRate);
        return this;
    }
}
