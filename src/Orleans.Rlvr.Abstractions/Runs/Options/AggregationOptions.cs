namespace Orleans.Rlvr.Runs;

/// <summary>
/// How rewards become the loss: the group advantage estimator (verl: <c>algorithm.adv_estimator</c>) and the loss
/// aggregation across responses (verl: <c>loss_agg_mode</c>), with its parameters. Names are checked against the
/// engine's registries (<c>LossAggregations</c>, <c>AdvantageEstimators</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rlvr.AggregationOptions")]
public sealed record AggregationOptions
{
    /// <summary>The loss aggregation: grpo, dapo, dr-grpo, delta-l or delta-l-auto (verl's names accepted where the entry enters).</summary>
    [Id(0)] public string Aggregator { get; init; } = "delta-l";

    /// <summary>α of ΔL, in [0, 1]; used only by aggregations that take α.</summary>
    [Id(1)] public double Alpha { get; init; } = 1.0;

    /// <summary>Which sequences share aggregation statistics: the whole step's batch (default, as the paper's code), each PPO mini-batch, or each group.</summary>
    [Id(2)] public ScopeKind Scope { get; init; } = ScopeKind.Step;

    /// <summary>The group advantage estimator: grpo (A = (r − mean)/(std + ε)) or dr-grpo (A = r − mean).</summary>
    [Id(3)] public string Advantages { get; init; } = "grpo";

    /// <summary>delta-l-auto: probe the per-response gradient variance and refit α every this many steps (and at step 1).</summary>
    [Id(4)] public int AdaptiveAlphaEvery { get; init; } = 5;

    /// <summary>delta-l-auto: the most responses with A_i ≠ 0 a probe computes a gradient for (one backward pass each).</summary>
    [Id(5)] public int AdaptiveAlphaProbe { get; init; } = 16;

    /// <summary>dapo-microbatch: sequences per token-mean chunk, consecutive in the scope (verl's <c>ppo_micro_batch_size_per_gpu</c>; 4 in the paper's scripts).</summary>
    [Id(6)] public int MicroBatchSequences { get; init; } = 4;

    public AggregationOptions Validate()
    {
        Guard.Require(!string.IsNullOrWhiteSpace(Aggregator), "aggregation.aggregator", "must name an aggregation");
        Guard.Range("aggregation.alpha", Alpha, 0.0, 1.0);
        Guard.Require(Enum.IsDefined(Scope), "aggregation.scope", "must be step, batch or group");
        Guard.Require(!string.IsNullOrWhiteSpace(Advantages), "aggregation.advantages", "must name an advantage estimator");
        Guard.Range("aggregation.adaptiveAlphaEvery", AdaptiveAlphaEvery, 1, 1_000_000);
        Guard.Range("aggregation.adaptiveAlphaProbe", AdaptiveAlphaProbe, 3, 4096);
        Guard.Range("aggregation.microBatchSequences", MicroBatchSequences, 1, 65_536);
        return this;
    }
}
