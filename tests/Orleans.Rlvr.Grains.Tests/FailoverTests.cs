using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Tests.Shared;
using Xunit.Abstractions;

namespace Orleans.Rlvr.Grains.Tests;

/// <summary>Its own cluster (three silos: a rollout-only primary and two learner silos), because the test stops one.</summary>
public sealed class FailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RlvrClusterFixture _fixture = new() { AdditionalSilos = 1 };

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task StoppingASiloMidSweep_StillCompletesEveryRunWithEachStepOnce()
    {
        const int steps = 24;
        var client = _fixture.Cluster.Client;
        await client.GetGrain<ISweepGrain>("failover").Start(RlvrClusterFixture.SmokeSweep(steps, 1));
        var stoppedAt = DateTime.MinValue;
        string? victim = null;

        var status = await _fixture.WaitForSweep(client, "failover", TimeSpan.FromMinutes(6), async s =>
        {
            if (victim is null && s.Runs.FirstOrDefault(r => r.Step >= 3 && r.Step < steps - 6 && r.LearnerSilo is not null) is { } run)
            {
                var silo = _fixture.Cluster.Silos.First(h => h.SiloAddress.ToString() == run.LearnerSilo);
                victim = silo.SiloAddress.ToString();
                output.WriteLine($"stopping {silo.Name} ({victim}), learner of {run.RunId} at step {run.Step}");
                stoppedAt = DateTime.UtcNow;
                await _fixture.Cluster.StopSiloAsync(silo);
            }
        });

        Assert.NotNull(victim);
        Assert.Equal(SweepState.Finished, status.State);
        Assert.All(status.Runs, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.All(status.Runs, r => Assert.NotEqual(victim, r.LearnerSilo));
        var reports = await client.GetGrain<ISweepGrain>("failover").GetReports();
        foreach (var report in reports)
        {
            Assert.Equal(Enumerable.Range(1, steps), RlvrClusterFixture.StepsOf(report));
            output.WriteLine($"{report.Run.RunId}: steps redone {report.Run.StepsRedone}, learner now on {report.Run.LearnerSilo}");
        }

        foreach (var directory in Directory.GetDirectories(Path.Combine(_fixture.Root, "sweeps", "failover")))
        {
            SweepPolling.AssertFinalCheckpointLoads(directory, steps);
        }

        output.WriteLine($"sweep finished {(DateTime.UtcNow - stoppedAt).TotalSeconds:F1} s after the silo was stopped");
    }
}
