namespace Orleans.Rlvr.Rollouts;

/// <summary>How a step's rollouts went, for its metrics: prompts sampled, sampling rounds, wall seconds of generation.</summary>
[GenerateSerializer, Immutable, Alias("rlvr.RolloutBatchStats")]
public sealed record RolloutBatchStats(
    [property: Id(0)] int PromptsSampled,
    [property: Id(1)] int Rounds,
    [property: Id(2)] double GenerationSeconds);
