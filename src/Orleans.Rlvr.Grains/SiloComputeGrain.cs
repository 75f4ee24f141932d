using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Cluster;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Runtime;

namespace Orleans.Rlvr.Grains;

/// <summary>Reports its silo's tensor work, rollout batching and open learners (one activation per silo, placed by its key).</summary>
[SiloKeyedPlacement]
public sealed class SiloComputeGrain(TensorWorkQueue tensors, RolloutBatcher batcher, OpenLearners learners, IOptions<RlvrOptions> options, ILocalSiloDetails silo) : Grain, ISiloComputeGrain
{
    /// <summary>Time since the silo's process started (the tensor queue itself starts lazily, with the first grain that needs it).</summary>
    private static TimeSpan Uptime
    {
        get
        {
            using var process = Process.GetCurrentProcess();
            return DateTime.Now - process.StartTime;
        }
    }

    public Task<SiloComputeReport> GetReport()
    {
        var work = tensors.Statistics;
        var (batches, requests) = batcher.Counts;
        return Task.FromResult(new SiloComputeReport(
            silo.SiloAddress.ToString(), options.Value.Roles, tensors.Device.ToString(), options.Value.EffectiveTensorThreads, Uptime,
            work.Jobs, work.Busy, work.JobTime, work.QueueWait, tensors.Pending, batches, requests, learners.Snapshot()));
    }
}
