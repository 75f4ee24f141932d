namespace Orleans.Rlvr.Cluster;

/// <summary>Asks every active silo of the cluster for its <see cref="SiloComputeReport"/>.</summary>
public static class ClusterCompute
{
    /// <summary>One report per active silo, ordered by address.</summary>
    public static async Task<IReadOnlyList<SiloComputeReport>> Reports(IGrainFactory grains) =>
        [.. (await SiloReports.BySilo(grains)).Select(s => s.Report).OrderBy(r => r.Silo, StringComparer.Ordinal)];
}
