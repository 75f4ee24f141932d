using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Results;

/// <summary>
/// A sweep's results: runs grouped by configuration — aggregator, α where it takes one, the advantage estimator and
/// any option the sweep varies (the run's label) — in the order they first appear.
/// </summary>
public sealed record SweepSummary(string SweepId, IReadOnlyList<GroupResult> Groups)
{
    /// <summary>Every run, group by group.</summary>
    public IEnumerable<RunResult> Runs => Groups.SelectMany(g => g.Runs);

    /// <summary>Reads each report's numbers (<see cref="RunResult.From"/>) and groups them, each group's runs in seed order.</summary>
    public static SweepSummary From(string sweepId, IReadOnlyList<RunReport> reports)
    {
        // The advantage estimator is named in labels only when the sweep varies it; the run's label (which names every
        // value a sweep's `vary` sets) only when configurations differ beyond aggregator, α and advantages.
        var variesAdvantages = reports.Select(r => r.Run.Advantages).Distinct().Count() > 1;
        var variesMore = reports.Select(r => r.Run.Label).Distinct().Count() > reports.Select(r => (r.Run.Aggregator, r.Run.Alpha, r.Run.Advantages)).Distinct().Count();
        var groups = reports
            .Select(RunResult.From)
            .GroupBy(r => (r.Run.Aggregator, r.Run.Alpha, r.Run.Advantages, Label: r.Run.Label ?? ""))
            .Select(g => GroupResult.From(g.Key.Aggregator, g.Key.Alpha, variesAdvantages ? g.Key.Advantages : null, g.OrderBy(r => r.Run.Seed).ToArray())
                with { Variant = variesMore ? g.Key.Label : null })
            .ToArray();
        return new SweepSummary(sweepId, groups);
    }
}
