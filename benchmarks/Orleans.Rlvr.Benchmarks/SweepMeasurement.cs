using System.Diagnostics;
using Orleans.Rlvr.Cluster;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>
/// One measured sweep on a cluster: a one-step warm-up sweep first (warm starts, JIT), then the sweep itself, its
/// status polled every 50 ms from the client (each round trip recorded), and every silo's compute report before and
/// after, so the engine's busy time can be set against the wall clock.
/// </summary>
/// <param name="Wall">From Start to the first status that is no longer running.</param>
/// <param name="Status">The finished sweep.</param>
/// <param name="StatusCallMilliseconds">Round trips of the status polls, sorted.</param>
/// <param name="Silos">Each silo's work during the measured sweep (reports' differences; uptime = the sweep's wall time).</param>
public sealed record SweepMeasurement(TimeSpan Wall, SweepStatus Status, IReadOnlyList<double> StatusCallMilliseconds, IReadOnlyList<SiloComputeReport> Silos)
{
    /// <summary>Tensor busy time summed over the silos.</summary>
    public TimeSpan Busy => Silos.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Busy);

    public double MedianStatusCall => StatusCallMilliseconds[StatusCallMilliseconds.Count / 2];

    public static async Task<SweepMeasurement> Run(IClusterClient client, SweepSpec spec)
    {
        await RunSweep(client, "warm-up", spec with { Steps = 1 }, []);
        var before = await ClusterCompute.Reports(client);
        var calls = new List<double>();
        var clock = Stopwatch.StartNew();
        var status = await RunSweep(client, "measured", spec, calls);
        var wall = clock.Elapsed;
        var after = await ClusterCompute.Reports(client);
        calls.Sort();
        var silos = after.Select(a => Since(a, before.FirstOrDefault(b => b.Silo == a.Silo), wall)).ToArray();
        return new SweepMeasurement(wall, status, calls, silos);
    }

    private static SiloComputeReport Since(SiloComputeReport after, SiloComputeReport? before, TimeSpan wall) => before is null ? after with { Uptime = wall } : after with
    {
        Uptime = wall,
        Jobs = after.Jobs - before.Jobs,
        Busy = after.Busy - before.Busy,
        JobTime = after.JobTime - before.JobTime,
        QueueWait = after.QueueWait - before.QueueWait,
        RolloutBatches = after.RolloutBatches - before.RolloutBatches,
        RolloutRequests = after.RolloutRequests - before.RolloutRequests,
    };

    private static async Task<SweepStatus> RunSweep(IClusterClient client, string name, SweepSpec spec, List<double> statusCalls)
    {
        var sweep = client.GetGrain<ISweepGrain>($"{name}-{Guid.NewGuid():N}"[..24]);
        var status = await sweep.Start(spec);
        while (status.State == SweepState.Running)
        {
            await Task.Delay(50);
            var start = Stopwatch.GetTimestamp();
            status = await sweep.GetStatus();
            statusCalls.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        if (status.Runs.Any(r => r.Status != RunStatus.Completed))
        {
            throw new InvalidOperationException($"sweep {status.SweepId} did not complete: {string.Join(", ", status.Runs.Select(r => $"{r.RunId} {r.Status} {r.Error}"))}");
        }

        return status;
    }
}
