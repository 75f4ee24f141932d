using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Checkpoints;

namespace Orleans.Rlvr.Tests.Shared;

/// <summary>Shared by the cluster tests (linked into each test project): waiting for a sweep, and checking a run's last checkpoint.</summary>
internal static class SweepPolling
{
    /// <summary>
    /// Polls the sweep every 250 ms until it is no longer running; on timeout, fails with every run's phase. With
    /// <paramref name="tolerateCallFailures"/>, a failed status call (a silo or the store is down on purpose) is retried.
    /// </summary>
    public static Task<SweepStatus> WaitForSweep(IClusterClient client, string sweepId, TimeSpan timeout, Func<SweepStatus, Task>? onPoll = null, bool tolerateCallFailures = false) =>
        WaitForSweep(() => client, sweepId, timeout, onPoll, tolerateCallFailures);

    /// <summary>As above, asking <paramref name="client"/> for the client before every poll (a test may replace it mid-sweep).</summary>
    public static async Task<SweepStatus> WaitForSweep(Func<IClusterClient> client, string sweepId, TimeSpan timeout, Func<SweepStatus, Task>? onPoll = null, bool tolerateCallFailures = false)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            SweepStatus status;
            try
            {
                status = await client().GetGrain<ISweepGrain>(sweepId).GetStatus();
            }
            catch (Exception) when (tolerateCallFailures && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                continue;
            }

            if (status.State != SweepState.Running)
            {
                return status;
            }

            if (onPoll is not null)
            {
                await onPoll(status);
            }

            if (DateTime.UtcNow > deadline)
            {
                var runs = string.Join("; ", status.Runs.Select(r => $"{r.RunId}: {r.Status} step {r.Step}/{r.Steps} ({r.Phase}) on {r.LearnerSilo} {r.Error}"));
                throw new TimeoutException($"Sweep {sweepId} still running after {timeout}: expected every run finished; runs: {runs}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The run's newest checkpoint is at step <paramref name="steps"/> and loads into a policy.</summary>
    public static void AssertFinalCheckpointLoads(string runDirectory, int steps)
    {
        var checkpoint = new CheckpointStore(Path.Combine(runDirectory, "checkpoints")).Latest();
        Assert.NotNull(checkpoint);
        Assert.Equal(steps, checkpoint.Step);
        var (policy, options, _) = PolicyLoader.Load(checkpoint, TorchSharp.torch.CPU);
        policy.Dispose();
        Assert.Equal(steps, options.Steps);
    }
}
