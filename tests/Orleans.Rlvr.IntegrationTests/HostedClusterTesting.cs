using Orleans.Rlvr.Testing;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Tests.Shared;
using Xunit.Abstractions;

namespace Orleans.Rlvr.IntegrationTests;

/// <summary>The tests' side of a <see cref="HostedCluster"/>: waiting for a sweep, and the containers' logs on a failure.</summary>
public static class HostedClusterTesting
{
    /// <summary>Polls the sweep until it is no longer running (<see cref="SweepPolling.WaitForSweep"/>), tolerating calls that fail while a silo or Redis is down.</summary>
    public static Task<SweepStatus> WaitForSweep(this HostedCluster cluster, string sweepId, TimeSpan timeout, Func<SweepStatus, Task>? onPoll = null) =>
        SweepPolling.WaitForSweep(() => cluster.Client, sweepId, timeout, onPoll, tolerateCallFailures: true);

    /// <summary>Runs <paramref name="test"/>; if it throws, writes the containers' logs to the test output first.</summary>
    public static async Task WithLogsOnFailure(this HostedCluster cluster, ITestOutputHelper output, Func<Task> test)
    {
        try
        {
            await test();
        }
        catch
        {
            output.WriteLine(await cluster.Logs());
            throw;
        }
    }
}
