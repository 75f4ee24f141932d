using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Grains.Tests;

[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<RlvrClusterFixture>
{
    public const string Name = "shared cluster";
}

[Collection(SharedCluster.Name)]
public sealed class SweepGrainTests(RlvrClusterFixture fixture)
{
    [Fact]
    public async Task SmallSweep_CompletesEveryRunWithEachStepOnce()
    {
        var status = await StartAndWait("small-sweep");

        Assert.Equal(SweepState.Finished, status.State);
        Assert.Equal(4, status.Runs.Count);
        Assert.All(status.Runs, r => Assert.Equal(RunStatus.Completed, r.Status));
        var reports = await fixture.Cluster.Client.GetGrain<ISweepGrain>("small-sweep").GetReports();
        Assert.All(reports, r =>
        {
            Assert.Equal([1, 2, 3], RlvrClusterFixture.StepsOf(r));
            Assert.Equal(0, r.Evaluations[0].Step);
            Assert.Equal(3, r.Evaluations[^1].Step);
            Assert.Equal(0, r.Run.StepsRedone);
        });
    }

    [Fact]
    public async Task Learners_LandOnlyOnLearnerRoleSilos()
    {
        var status = await StartAndWait("placement");

        var learnerSilos = fixture.LearnerSiloAddresses();
        Assert.NotEmpty(learnerSilos);
        Assert.All(status.Runs, r => Assert.Contains(r.LearnerSilo, learnerSilos));
    }

    [Fact]
    public async Task RestartedClient_ReadsAFinishedSweep()
    {
        var finished = await StartAndWait("reread");

        await fixture.Cluster.KillClientAsync();
        await fixture.Cluster.InitializeClientAsync();
        var reread = await fixture.Cluster.Client.GetGrain<ISweepGrain>("reread").GetStatus();

        Assert.Equal(SweepState.Finished, reread.State);
        Assert.Equal(finished.Runs.Select(r => (r.RunId, r.Status, r.Step)), reread.Runs.Select(r => (r.RunId, r.Status, r.Step)));
    }

    [Theory]
    [InlineData("alphas")]
    [InlineData("aggregators")]
    [InlineData("overrides")]
    public async Task InvalidSpec_IsRefusedByTheGrainNamingTheField(string field)
    {
        var spec = RlvrClusterFixture.SmokeSweep();
        spec = field switch
        {
            "alphas" => spec with { Alphas = [1.5] },
            "aggregators" => spec with { Aggregators = ["token-sum"] },
            _ => spec with { Overrides = new Dictionary<string, string> { ["learningRat"] = "1e-4" } },
        };

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.Cluster.Client.GetGrain<ISweepGrain>($"invalid-{field}").Start(spec));

        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
        var status = await fixture.Cluster.Client.GetGrain<ISweepGrain>($"invalid-{field}").GetStatus();
        Assert.Equal(SweepState.Unknown, status.State);
    }

    private async Task<SweepStatus> StartAndWait(string sweepId)
    {
        await fixture.Cluster.Client.GetGrain<ISweepGrain>(sweepId).Start(RlvrClusterFixture.SmokeSweep());
        return await fixture.WaitForSweep(fixture.Cluster.Client, sweepId, TimeSpan.FromMinutes(4));
    }
}
