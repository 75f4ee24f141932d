using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Sweeps;

/// <summary>A sweep's spec, its state and a snapshot of each of its runs.</summary>
[GenerateSerializer, Immutable, Alias("rlvr.SweepStatus")]
public sealed record SweepStatus(
    [property: Id(0)] string SweepId,
    [property: Id(1)] SweepState State,
    [property: Id(2)] SweepSpec? Spec,
    [property: Id(3)] IReadOnlyList<RunSnapshot> Runs,
    [property: Id(4)] DateTimeOffset StartedAt);
