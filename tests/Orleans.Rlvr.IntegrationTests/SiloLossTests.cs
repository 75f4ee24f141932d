using System.Diagnostics;
using Orleans.Rlvr.Testing;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Runs;
using Xunit.Abstractions;

namespace Orleans.Rlvr.IntegrationTests;

/// <summary>A learner silo's container is killed (SIGKILL) mid-sweep; the runs it held move to the other learner silo.</summary>
public sealed class SiloLossTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Steps = 16;
    private HostedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await HostedCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public Task KillingALearnerSiloMidSweep_CompletesEveryRunWithEachStepOnce() => _cluster.WithLogsOnFailure(output, async () =>
    {
        await _cluster.Client.GetGrain<ISweepGrain>("it-kill").Start(SweepAssertions.FourRuns(Steps));
        string? victim = null;
        var stepsAtKill = new Dictionary<string, int>();
        var clock = new Stopwatch();
        TimeSpan? failover = null;

        var status = await _cluster.WaitForSweep("it-kill", TimeSpan.FromMinutes(10), async s =>
        {
            if (victim is null && s.Runs.FirstOrDefault(r => r.Status == RunStatus.Running && r.Step >= 2 && r.Step <= Steps - 6 && r.LearnerSilo is not null) is { } run)
            {
                victim = run.LearnerSilo!;
                foreach (var held in s.Runs.Where(r => r.LearnerSilo == victim && !r.IsFinished))
                {
                    stepsAtKill[held.RunId] = held.Step;
                }

                output.WriteLine($"killing {_cluster.SiloAt(victim).Name} ({victim}), learner of {string.Join(", ", stepsAtKill.Select(p => $"{p.Key} at step {p.Value}"))}");
                clock.Start();
                await DockerCli.Run("kill", _cluster.SiloAt(victim).Id);
            }
            else if (victim is not null && failover is null && stepsAtKill.Count > 0
                     && stepsAtKill.All(p => s.Runs.Single(r => r.RunId == p.Key) is var r && (r.Step > p.Value + 1 || r.IsFinished)))
            {
                // Every run the killed silo held has applied a step beyond the one it may have been in.
                failover = clock.Elapsed;
            }
        });

        Assert.NotNull(victim);
        await SweepAssertions.EveryRunCompletedWithEachStepOnce(_cluster, status, Steps);
        Assert.All(status.Runs, r => Assert.NotEqual(victim, r.LearnerSilo));
        Assert.All(status.Runs, r => Assert.True(_cluster.IsLearnerSilo(r.LearnerSilo), $"{r.RunId}: learner on {r.LearnerSilo}"));
        output.WriteLine($"failover (kill -> every affected run stepping again elsewhere): {failover?.TotalSeconds:F1} s; sweep done {clock.Elapsed.TotalSeconds:F1} s after the kill");
        output.WriteLine($"steps redone: {string.Join(", ", status.Runs.Select(r => $"{r.RunId} {r.StepsRedone}"))}");
    });
}
