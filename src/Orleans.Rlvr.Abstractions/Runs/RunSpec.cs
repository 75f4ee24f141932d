namespace Orleans.Rlvr.Runs;

/// <summary>One run of a sweep: its identity, its complete typed options and where its checkpoints live.</summary>
/// <param name="RunId">Unique id, <c>{sweepId}/{configuration}-s{seed}</c>.</param>
/// <param name="SweepId">The sweep that owns the run.</param>
/// <param name="Options">The run's complete, validated options (aggregator, α, advantages and seed among them).</param>
/// <param name="RunDirectory">Where its checkpoints live, relative to the cluster's checkpoint root.</param>
/// <param name="Label">The configuration as tables show it (<c>delta-l-a0.5</c>, <c>dr-grpo+adv-dr-grpo</c>): everything that varies in the sweep but the seed.</param>
/// <param name="ReportedAlpha">α where the aggregator takes one, else null.</param>
[GenerateSerializer, Immutable, Alias("rlvr.RunSpec")]
public sealed record RunSpec(
    [property: Id(0)] string RunId,
    [property: Id(1)] string SweepId,
    [property: Id(2)] RunOptions Options,
    [property: Id(3)] string RunDirectory,
    [property: Id(4)] string Label,
    [property: Id(5)] double? ReportedAlpha);
