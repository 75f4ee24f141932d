using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using StackExchange.Redis;

namespace Orleans.Rlvr.Hosting;

/// <summary>A client of a running Orleans.Rlvr cluster: Redis membership or the gateways of a localhost cluster, chosen by <see cref="RlvrClusterOptions"/>.</summary>
public static class RlvrClientBuilderExtensions
{
    /// <summary>A client of the cluster the section <c>Cluster</c> of <paramref name="configuration"/> describes.</summary>
    public static IClientBuilder UseRlvrClient(this IClientBuilder client, IConfiguration configuration) =>
        AddRlvrClient(client, RlvrClusterOptions.From(configuration));

    /// <summary>A client of the cluster <paramref name="configure"/> describes, starting from the defaults (a localhost cluster, gateway 30000).</summary>
    public static IClientBuilder UseRlvrClient(this IClientBuilder client, Action<RlvrClusterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var cluster = new RlvrClusterOptions();
        configure(cluster);
        return AddRlvrClient(client, cluster);
    }

    internal static IClientBuilder AddRlvrClient(IClientBuilder client, RlvrClusterOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(client);
        cluster.Validate();
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        if (string.Equals(cluster.Clustering, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis));
        }
        else
        {
            client.UseStaticClustering(cluster.GatewayPorts.Select(p => new IPEndPoint(IPAddress.Loopback, p)).ToArray());
        }

        if (cluster.Tls.Enabled)
        {
            var certificate = cluster.Tls.Load();
            client.UseTls(certificate, options => ClusterTls.Configure(options, certificate));
        }

        return client;
    }
}
