using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Grains.Tests;

/// <summary>
/// A sweep started on a cluster whose only silo is rollout-only (as when the learner silos of a compose file are still
/// starting): its runs wait, retrying, instead of failing as a bad option, and complete once a learner silo joins.
/// </summary>
public sealed class LateLearnerSiloTests
{
    [Fact]
    public async Task SweepWithoutALearnerSilo_WaitsAndCompletesWhenOneJoins()
    {
        var fixture = new RlvrClusterFixture { InitialSilos = 1 };
        await fixture.InitializeAsync();
        try
        {
            var sweep = fixture.Cluster.Client.GetGrain<ISweepGrain>("late-learner");
            await sweep.Start(RlvrClusterFixture.SmokeSweep(2, 1));
            var deadline = DateTime.UtcNow.AddMinutes(1);
            SweepStatus status;
            while ((status = await sweep.GetStatus()).Runs.Count == 0 || !status.Runs.All(r => r.Phase.StartsWith("retrying", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, "the runs never reported that they are waiting to retry");
                Assert.All(status.Runs, r => Assert.Equal(RunStatus.Running, r.Status));
                await Task.Delay(100);
            }

            Assert.All(status.Runs, r => Assert.Equal(RunStatus.Running, r.Status));
            await fixture.Cluster.StartAdditionalSiloAsync();
            var finished = await fixture.WaitForSweep(fixture.Cluster.Client, "late-learner", TimeSpan.FromMinutes(4));

            Assert.All(finished.Runs, r => Assert.Equal(RunStatus.Completed, r.Status));
            Assert.All(finished.Runs, r => Assert.Contains(r.LearnerSilo, fixture.LearnerSiloAddresses()));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
