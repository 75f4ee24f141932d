using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Sweeps;
using Xunit.Abstractions;

namespace Orleans.Rlvr.IntegrationTests;

/// <summary>Redis and three silo containers; the test process starts a four-run sweep as a client and reads it back.</summary>
public sealed class SweepOnHostedClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Steps = 6;
    private HostedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await HostedCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public Task FourRunSweep_CompletesEveryRun_WithLearnersOnLearnerSilosOnly() => _cluster.WithLogsOnFailure(output, async () =>
    {
        await _cluster.Client.GetGrain<ISweepGrain>("it-sweep").Start(SweepAssertions.FourRuns(Steps));
        var learnerSilos = new HashSet<string>();
        var status = await _cluster.WaitForSweep("it-sweep", TimeSpan.FromMinutes(8), s =>
        {
            learnerSilos.UnionWith(s.Runs.Select(r => r.LearnerSilo).OfType<string>());
            return Task.CompletedTask;
        });
        learnerSilos.UnionWith(status.Runs.Select(r => r.LearnerSilo).OfType<string>());

        await SweepAssertions.EveryRunCompletedWithEachStepOnce(_cluster, status, Steps);
        Assert.NotEmpty(learnerSilos);
        Assert.All(learnerSilos, silo => Assert.True(_cluster.IsLearnerSilo(silo), $"learner on {silo}, which is not a learner-role silo"));
        Assert.All(status.Runs, r => Assert.Equal(0, r.StepsRedone));
        output.WriteLine($"learners ran on: {string.Join(", ", learnerSilos)}");
    });
}
