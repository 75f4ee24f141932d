using Orleans.Rlvr.Testing;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Tests.Shared;

namespace Orleans.Rlvr.IntegrationTests;

/// <summary>What every integration test checks about a finished sweep.</summary>
public static class SweepAssertions
{
    /// <summary>Two aggregators × two seeds on the smoke preset: four runs.</summary>
    public static SweepSpec FourRuns(int steps) => new()
    {
        Name = "it",
        Preset = "smoke",
        Aggregators = ["grpo", "delta-l"],
        Alphas = [1.0],
        Seeds = [1, 2],
        Steps = steps,
        MaxConcurrentRuns = 4,
    };

    /// <summary>Every run completed, with metrics for steps 1..N exactly once each, and its final checkpoint loads.</summary>
    public static async Task EveryRunCompletedWithEachStepOnce(HostedCluster cluster, SweepStatus status, int steps)
    {
        Assert.Equal(SweepState.Finished, status.State);
        Assert.Equal(4, status.Runs.Count);
        Assert.All(status.Runs, r => Assert.True(r.Status == RunStatus.Completed, $"{r.RunId}: expected Completed, was {r.Status} ({r.Error})"));
        var reports = await cluster.Client.GetGrain<Orleans.Rlvr.Grains.ISweepGrain>(status.SweepId).GetReports();
        foreach (var report in reports)
        {
            Assert.Equal(Enumerable.Range(1, steps), report.Metrics.Select(m => m.Step));
        }

        foreach (var directory in Directory.GetDirectories(Path.Combine(cluster.Root, "sweeps", status.SweepId)).Where(d => !d.EndsWith("results", StringComparison.Ordinal)))
        {
            SweepPolling.AssertFinalCheckpointLoads(directory, steps);
        }
    }
}
