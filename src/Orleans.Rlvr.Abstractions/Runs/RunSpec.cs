namespace Orleans.Rlvr.Runs;

/// <summary>One run of a sweep: its identity, the knobs that vary across the sweep, and the full options as JSON.</summary>
/// <param name="RunId">Unique id, <c>{sweepId}/{aggregator}-a{alpha}-s{seed}</c>.</param>
/// <param name="SweepId">The sweep that owns the run.</param>
/// <param name="Aggregator">The loss aggregation.</param>
/// <param name="Alpha">α of ΔL (recorded for every aggregator; only delta-l uses it).</param>
/// <param name="Seed">The run seed.</param>
/// <param name="OptionsJson">The run's complete training options (the engine's JSON form).</param>
/// <param name="RunDirectory">Where its checkpoints live, relative to the cluster's checkpoint root.</param>
[GenerateSerializer, Immutable, Alias("rlvr.RunSpec")]
public sealed record RunSpec(
    [property: Id(0)] string RunId,
    [property: Id(1)] string SweepId,
    [property: Id(2)] string Aggregator,
    [property: Id(3)] double Alpha,
    [property: Id(4)] int Seed,
    [property: Id(5)] string OptionsJson,
    [property: Id(6)] string RunDirectory);
