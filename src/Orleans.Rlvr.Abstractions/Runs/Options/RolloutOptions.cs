namespace Orleans.Rlvr.Runs;

/// <summary>How a step's responses are sampled and scored (verl: <c>actor_rollout_ref.rollout</c>, DAPO's filters).</summary>
[GenerateSerializer, Immutable, Alias("rlvr.RolloutOptions")]
public sealed record RolloutOptions
{
    /// <summary>B: prompts per step (verl: <c>data.train_batch_size</c>).</summary>
    [Id(0)] public int PromptsPerStep { get; init; } = 16;

    /// <summary>G: responses sampled per prompt (verl: <c>actor_rollout_ref.rollout.n</c>).</summary>
    [Id(1)] public int GroupSize { get; init; } = 8;

    /// <summary>M: the maximum response length in tokens (verl: <c>data.max_response_length</c>); also M in the aggregations.</summary>
    [Id(2)] public int MaxResponseLength { get; init; } = 160;

    /// <summary>Sampling temperature.</summary>
    [Id(3)] public double Temperature { get; init; } = 1.0;

    /// <summary>Nucleus sampling threshold, in (0, 1].</summary>
    [Id(4)] public double TopP { get; init; } = 1.0;

    /// <summary>DAPO dynamic sampling: drop groups whose rewards are all equal and sample more prompts to refill B.</summary>
    [Id(5)] public bool DynamicSampling { get; init; }

    /// <summary>The most extra sampling rounds dynamic sampling may run per step.</summary>
    [Id(6)] public int MaxRefillRounds { get; init; } = 3;

    /// <summary>Handling of responses truncated at M: none, filter (masked out of the loss), soft-penalty (DAPO) or zero-advantage (the ΔL paper code's filtering).</summary>
    [Id(7)] public OverlongMode Overlong { get; init; } = OverlongMode.None;

    /// <summary>Soft overlong punishment: the length of the buffer before M over which the penalty grows.</summary>
    [Id(8)] public int OverlongBuffer { get; init; } = 32;

    /// <summary>Soft overlong punishment: the penalty at M.</summary>
    [Id(9)] public double OverlongPenalty { get; init; } = 1.0;

    public RolloutOptions Validate()
    {
        Guard.Range("rollout.promptsPerStep", PromptsPerStep, 1, 4096);
        Guard.Range("rollout.groupSize", GroupSize, 2, 1024);
        Guard.Range("rollout.maxResponseLength", MaxResponseLength, 1, 1 << 20);
        Guard.Positive("rollout.temperature", Temperature);
        Guard.AboveAndAtMost("rollout.topP", TopP, 0.0, 1.0);
        Guard.Range("rollout.maxRefillRounds", MaxRefillRounds, 0, 100);
        Guard.Range("rollout.overlongPenalty", OverlongPenalty, 0.0, 100.0);
        return this;
    }
}
