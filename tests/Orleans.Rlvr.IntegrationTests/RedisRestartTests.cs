using Orleans.Rlvr.Testing;
using Orleans.Rlvr.Grains;
using Xunit.Abstractions;

namespace Orleans.Rlvr.IntegrationTests;

/// <summary>The Redis container (membership, grain state, reminders) restarts mid-sweep; its append-only file keeps everything.</summary>
public sealed class RedisRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Steps = 12;
    private HostedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await HostedCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public Task RestartingRedisMidSweep_LosesNothing() => _cluster.WithLogsOnFailure(output, async () =>
    {
        await _cluster.Client.GetGrain<ISweepGrain>("it-redis").Start(SweepAssertions.FourRuns(Steps));
        var restarted = false;
        var status = await _cluster.WaitForSweep("it-redis", TimeSpan.FromMinutes(10), async s =>
        {
            if (!restarted && s.Runs.Any(r => r.Step >= 3))
            {
                restarted = true;
                output.WriteLine($"restarting redis at steps {string.Join(", ", s.Runs.Select(r => r.Step))}");
                await DockerCli.Run("restart", "--time", "2", _cluster.Redis.Id);
            }
        });

        Assert.True(restarted, "the sweep finished before Redis could be restarted");
        await SweepAssertions.EveryRunCompletedWithEachStepOnce(_cluster, status, Steps);
        output.WriteLine($"steps redone: {string.Join(", ", status.Runs.Select(r => $"{r.RunId} {r.StepsRedone}"))}");
    });
}
