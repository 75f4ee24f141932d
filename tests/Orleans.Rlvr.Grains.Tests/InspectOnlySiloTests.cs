using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Grains.Tests;

/// <summary>
/// A sweep stopped half-way (its cluster shut down), then read by a cluster of inspect-only silos over the same
/// state, as <c>rlvr status</c> and <c>rlvr results</c> do: it is reported where it stopped and not resumed.
/// </summary>
public sealed class InspectOnlySiloTests
{
    [Fact]
    public async Task InspectOnlySilo_ReadsAnUnfinishedSweepWithoutAdvancingIt()
    {
        const int steps = 40;
        var driving = new RlvrClusterFixture { DeleteRoot = false };
        await driving.InitializeAsync();
        try
        {
            await driving.Cluster.Client.GetGrain<ISweepGrain>("half").Start(RlvrClusterFixture.SmokeSweep(steps, 1));
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while ((await driving.Cluster.Client.GetGrain<ISweepGrain>("half").GetStatus()).Runs.Min(r => r.Step) < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "the runs did not reach step 2 within 3 minutes");
                await Task.Delay(200);
            }
        }
        finally
        {
            await driving.DisposeAsync();
        }

        var inspecting = new RlvrClusterFixture { Root = driving.Root, DriveRuns = false };
        await inspecting.InitializeAsync();
        try
        {
            var sweep = inspecting.Cluster.Client.GetGrain<ISweepGrain>("half");
            var first = await sweep.GetStatus();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var later = await sweep.GetStatus();
            var reports = await sweep.GetReports();

            Assert.Equal(SweepState.Running, later.State);
            Assert.All(later.Runs, r => Assert.Equal(RunStatus.Running, r.Status));
            Assert.All(later.Runs, r => Assert.InRange(r.Step, 2, steps - 1));
            Assert.Equal(first.Runs.Select(r => r.Step), later.Runs.Select(r => r.Step));
            Assert.All(later.Runs, r => Assert.Contains("inspect-only", r.Phase, StringComparison.Ordinal));
            Assert.All(reports, r => Assert.Equal(Enumerable.Range(1, r.Run.Step), RlvrClusterFixture.StepsOf(r).Take(r.Run.Step)));

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                inspecting.Cluster.Client.GetGrain<ISweepGrain>("new").Start(RlvrClusterFixture.SmokeSweep(steps, 1)));
            Assert.Contains("Rlvr:DriveRuns", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await inspecting.DisposeAsync();
        }
    }
}
