using Orleans.Rlvr.Grains;
using Orleans.Runtime;

namespace Orleans.Rlvr.Cluster;

/// <summary>Asks every active silo of the cluster for its <see cref="SiloComputeReport"/>.</summary>
public static class ClusterCompute
{
    /// <summary>One report per active silo, ordered by address.</summary>
    public static async Task<IReadOnlyList<SiloComputeReport>> Reports(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var reports = await Task.WhenAll(hosts.Keys.Select(s => grains.GetGrain<ISiloComputeGrain>(s.ToParsableString()).GetReport()));
        return [.. reports.OrderBy(r => r.Silo, StringComparer.Ordinal)];
    }
}
