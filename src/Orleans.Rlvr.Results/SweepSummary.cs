using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Results;

/// <summary>A sweep's results: runs grouped by (aggregator, α) — α only for delta-l — in the order they first appear.</summary>
public sealed record SweepSummary(string SweepId, IReadOnlyList<GroupResult> Groups)
{
    /// <summary>Every run, group by group.</summary>
    public IEnumerable<RunResult> Runs => Groups.SelectMany(g => g.Runs);

    /// <summary>Reads each report's numbers (<see cref="RunResult.From"/>) and groups them, each group's runs in seed order.</summary>
    public static SweepSummary From(string sweepId, IReadOnlyList<RunReport> reports)
    {
        var groups = reports
            .Select(RunResult.From)
            .GroupBy(r => (r.Run.Aggregator, Alpha: r.Run.AggregatorAlpha))
            .Select(g => GroupResult.From(g.Key.Aggregator, g.Key.Alpha, g.OrderBy(r => r.Run.Seed).ToArray()))
            .ToArray();
        return new SweepSummary(sweepId, groups);
    }
}
