using Orleans.Rlvr.Cluster;

namespace Orleans.Rlvr.Grains.Tests;

[Collection(SharedCluster.Name)]
public sealed class ClusterComputeTests(RlvrClusterFixture fixture)
{
    [Fact]
    public async Task Reports_ComeFromEverySiloWithItsRolesAndTheLearnersWork()
    {
        var client = fixture.Cluster.Client;
        await client.GetGrain<ISweepGrain>("compute").Start(RlvrClusterFixture.SmokeSweep(2));
        var status = await fixture.WaitForSweep(client, "compute", TimeSpan.FromMinutes(4));

        var reports = await ClusterCompute.Reports(client);

        Assert.Equal(fixture.Cluster.Silos.Select(s => s.SiloAddress.ToString()).Order(StringComparer.Ordinal), reports.Select(r => r.Silo));
        foreach (var report in reports)
        {
            var learner = fixture.LearnerSiloAddresses().Contains(report.Silo);
            Assert.Equal(learner ? "learner,rollout" : "rollout", report.Roles);
            Assert.Equal(1, report.TensorThreads);
            Assert.InRange(report.Busy, TimeSpan.Zero, report.Uptime);
            Assert.InRange(report.Utilization, 0, 1);
        }

        var learnerSilos = status.Runs.Select(r => r.LearnerSilo).ToHashSet();
        Assert.All(reports.Where(r => learnerSilos.Contains(r.Silo)), r =>
        {
            Assert.True(r.Jobs > 0, $"{r.Silo} hosted learners but ran no tensor job");
            Assert.True(r.Busy > TimeSpan.Zero);
        });
        Assert.True(reports.Sum(r => r.RolloutRequests) >= status.Runs.Count * 2 * 2, "every step's prompt groups were sampled somewhere");
    }
}
