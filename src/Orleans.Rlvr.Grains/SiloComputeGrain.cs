using Microsoft.Extensions.Options;
using Orleans.Rlvr.Cluster;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Grains.Hosting;
using Orleans.Runtime;

namespace Orleans.Rlvr.Grains;

/// <summary>Reports its silo's tensor work and rollout batching (one activation per silo, placed by its key).</summary>
[SiloKeyedPlacement]
public sealed class SiloComputeGrain(TensorWorkQueue tensors, RolloutBatcher batcher, IOptions<RlvrOptions> options, ILocalSiloDetails silo) : Grain, ISiloComputeGrain
{
    public Task<SiloComputeReport> GetReport()
    {
        var work = tensors.Statistics;
        var (batches, requests) = batcher.Counts;
        return Task.FromResult(new SiloComputeReport(
            silo.SiloAddress.ToString(), options.Value.Roles, tensors.Device.ToString(), options.Value.TensorThreads, tensors.Uptime,
            work.Jobs, work.Busy, work.JobTime, work.QueueWait, tensors.Pending, batches, requests));
    }
}
