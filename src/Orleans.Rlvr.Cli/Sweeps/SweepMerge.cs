using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Sweeps;

namespace Orleans.Rlvr.Cli.Sweeps;

/// <summary>
/// Several sweeps read as one (<c>rlvr results A B</c>), so a sweep can be extended with more seeds later: every
/// aggregation they share must resolve to the same training options apart from the seed (presets that are aliases,
/// such as reference and quick, count as the same), and no (aggregator, α, seed) may appear twice.
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
        var experiment = Experiment(first);
        foreach (var (status, _) in sweeps.Skip(1))
        {
            foreach (var (run, options) in Experiment(status))
            {
                if (experiment.TryGetValue(run, out var known) && known.ToJsonString() != options.ToJsonString())
                {
                    var (field, mine, theirs) = OptionsDifference.Find(known, options)!.Value;
                    throw new UsageException($"sweeps: {first.SweepId} and {status.SweepId} differ in {field} ({mine} vs {theirs}); only sweeps of the same experiment (differing in seeds) can be reported together.");
                }

                experiment.TryAdd(run, options);
            }
        }

        var reports = sweeps.SelectMany(s => s.Reports).ToArray();
        var twice = reports.GroupBy(r => (r.Run.Label, r.Run.Seed)).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            var (label, seed) = twice.Key;
            throw new UsageException($"sweeps: {label} seed {seed} appears in more than one sweep ({string.Join(", ", twice.Select(r => r.Run.RunId))}); merge sweeps with different seeds.");
        }

        var merged = new SweepStatus(
            string.Join('+', sweeps.Select(s => s.Status.SweepId)),
            sweeps.Select(s => s.Status.State).FirstOrDefault(s => s != SweepState.Finished, SweepState.Finished),
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

    /// <summary>Each run's options as its sweep's spec resolves them, keyed by configuration, with the seed left out.</summary>
    private static Dictionary<string, JsonObject> Experiment(SweepStatus status)
    {
        var spec = status.Spec ?? throw new UsageException($"sweep {status.SweepId} has no spec.");
        var experiment = new Dictionary<string, JsonObject>();
        foreach (var run in SweepPlan.Expand(status.SweepId, spec))
        {
            var options = JsonSerializer.SerializeToNode(run.Options with { Seed = 0 }, RlvrJson.Options)!.AsObject();
            experiment.TryAdd(run.Label, options);
        }

        return experiment;
    }
}
