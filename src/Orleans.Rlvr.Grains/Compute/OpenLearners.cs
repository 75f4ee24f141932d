using System.Collections.Concurrent;

namespace Orleans.Rlvr.Grains.Compute;

/// <summary>
/// The runs whose learner is active on this silo and not finished: what <see cref="LearnerPlacementGrain"/> balances
/// (reported in <see cref="Cluster.SiloComputeReport.Learners"/>).
/// </summary>
public sealed class OpenLearners
{
    private readonly ConcurrentDictionary<string, byte> _runs = new(StringComparer.Ordinal);

    public void Add(string runId) => _runs.TryAdd(runId, 0);

    public void Remove(string runId) => _runs.TryRemove(runId, out _);

    /// <summary>The run ids, sorted.</summary>
    public IReadOnlyList<string> Snapshot() => [.. _runs.Keys.Order(StringComparer.Ordinal)];
}
