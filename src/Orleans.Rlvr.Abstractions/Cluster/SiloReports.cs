using Orleans.Rlvr.Grains;
using Orleans.Runtime;

namespace Orleans.Rlvr.Cluster;

/// <summary>Every active silo's <see cref="SiloComputeReport"/>, for clients (<c>ClusterCompute</c>) and grains (learner placement) alike.</summary>
public static class SiloReports
{
    /// <summary>
    /// Each active silo's parsable address (<see cref="SiloAddress.ToParsableString"/>, the key of its
    /// <see cref="ISiloComputeGrain"/> and what placement hints take) with its report, ordered by that address.
    /// </summary>
    public static async Task<IReadOnlyList<(string Address, SiloComputeReport Report)>> BySilo(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var addresses = hosts.Keys.Select(s => s.ToParsableString()).Order(StringComparer.Ordinal).ToArray();
        var reports = await Task.WhenAll(addresses.Select(a => grains.GetGrain<ISiloComputeGrain>(a).GetReport()));
        return [.. addresses.Zip(reports)];
    }
}
