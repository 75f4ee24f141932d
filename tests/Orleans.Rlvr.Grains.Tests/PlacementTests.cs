using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Cluster;

namespace Orleans.Rlvr.Grains.Tests;

/// <summary>Its own cluster (a rollout-only primary and learner silos beside it), so that placement has a choice.</summary>
public sealed class PlacementTests : IAsyncLifetime
{
    private readonly RlvrClusterFixture _fixture = new() { AdditionalSilos = 1 };

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task RunsOpenedTogether_SpreadEvenlyOverLearnerSilos_AndSampleBesideTheirLearner()
    {
        var client = _fixture.Cluster.Client;
        var spec = RlvrClusterFixture.SmokeSweep(2, 1, 2) with { Aggregators = ["grpo", "dapo", "delta-l"], MaxConcurrentRuns = 6 };
        await client.GetGrain<ISweepGrain>("placement").Start(spec);

        var status = await _fixture.WaitForSweep(client, "placement", TimeSpan.FromMinutes(4));

        Assert.All(status.Runs, r => Assert.Equal(RunStatus.Completed, r.Status));
        var perSilo = status.Runs.GroupBy(r => r.LearnerSilo).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(_fixture.LearnerSiloAddresses().Order(), perSilo.Keys.Order());
        Assert.All(perSilo.Values, count => Assert.Equal(status.Runs.Count / perSilo.Count, count));

        // Learner silos also have the rollout role here, so each run samples beside its learner: the learner silos
        // sampled, the rollout-only primary did not.
        var reports = await ClusterCompute.Reports(client);
        Assert.Equal(_fixture.Cluster.Silos.Count, reports.Count);
        Assert.All(reports, r => Assert.Equal(perSilo.ContainsKey(r.Silo), r.RolloutRequests > 0));
        Assert.All(reports, r => Assert.Empty(r.Learners));
    }
}
