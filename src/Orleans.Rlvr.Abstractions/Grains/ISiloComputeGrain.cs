using Orleans.Rlvr.Cluster;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// One per silo (key: the silo's parsable address, see <c>ClusterCompute</c>), always activated on that silo: reports
/// what its tensor threads and rollout batcher have done.
/// </summary>
[Alias("rlvr.ISiloComputeGrain")]
public interface ISiloComputeGrain : IGrainWithStringKey
{
    [Alias("GetReport")]
    Task<SiloComputeReport> GetReport();
}
