using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Cli.Sweeps;

/// <summary>
/// Several sweeps read as one (<c>rlvr results A B</c>), so a sweep can be extended with more seeds later: they must
/// run the same experiment — same task, preset, steps and overrides — and no (aggregator, α, seed) may appear twice.
/// </summary>
public static class SweepMerge
{
    public static (SweepStatus Status, IReadOnlyList<RunReport> Reports) Merge(IReadOnlyList<(SweepStatus Status, IReadOnlyList<RunReport> Reports)> sweeps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sweeps.Count, 1, nameof(sweeps));
        if (sweeps.Count == 1)
        {
            return sweeps[0];
        }

        var first = sweeps[0].Status;
        var spec = first.Spec ?? throw new UsageException($"sweep {first.SweepId} has no spec.");
        foreach (var (status, _) in sweeps.Skip(1))
        {
            var other = status.Spec ?? throw new UsageException($"sweep {status.SweepId} has no spec.");
            Require(spec.Task == other.Task, "task", spec.Task, other.Task, first.SweepId, status.SweepId);
            Require(spec.Preset == other.Preset, "preset", spec.Preset, other.Preset, first.SweepId, status.SweepId);
            Require(spec.Steps == other.Steps, "steps", spec.Steps?.ToString() ?? "the preset's", other.Steps?.ToString() ?? "the preset's", first.SweepId, status.SweepId);
            Require(SameOverrides(spec.Overrides, other.Overrides), "overrides", Describe(spec.Overrides), Describe(other.Overrides), first.SweepId, status.SweepId);
        }

        var reports = sweeps.SelectMany(s => s.Reports).ToArray();
        var twice = reports.GroupBy(r => (r.Run.Aggregator, r.Run.AggregatorAlpha, r.Run.Seed)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            var (aggregator, alpha, seed) = twice.Key;
            throw new UsageException($"sweeps: {aggregator}{(alpha is { } a && !double.IsNaN(a) ? $" α={a}" : "")} seed {seed} appears in more than one sweep ({string.Join(", ", twice.Select(r => r.Run.RunId))}); merge sweeps with different seeds.");
        }

        var merged = new SweepStatus(
            string.Join('+', sweeps.Select(s => s.Status.SweepId)),
            sweeps.All(s => s.Status.State == SweepState.Finished) ? SweepState.Finished : sweeps.Select(s => s.Status.State).First(s => s != SweepState.Finished),
            spec with
            {
                Aggregators = [.. sweeps.SelectMany(s => s.Status.Spec!.Aggregators).Distinct()],
                Alphas = [.. sweeps.SelectMany(s => s.Status.Spec!.Alphas).Distinct()],
                Seeds = [.. sweeps.SelectMany(s => s.Status.Spec!.Seeds).Distinct().Order()],
            },
            [.. sweeps.SelectMany(s => s.Status.Runs)],
            sweeps.Min(s => s.Status.StartedAt));
        return (merged, reports);
    }

    private static bool SameOverrides(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var value) && value == p.Value);

    private static string Describe(IReadOnlyDictionary<string, string> overrides) =>
        overrides.Count == 0 ? "none" : string.Join(", ", overrides.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static void Require(bool same, string field, string a, string b, string sweepA, string sweepB)
    {
        if (!same)
        {
            throw new UsageException($"sweeps: {sweepA} and {sweepB} differ in {field} ({a} vs {b}); only sweeps of the same experiment (differing in seeds) can be reported together.");
        }
    }
}
