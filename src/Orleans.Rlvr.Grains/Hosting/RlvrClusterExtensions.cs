using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using StackExchange.Redis;

namespace Orleans.Rlvr.Grains.Hosting;

/// <summary>Clustering, reminders and storage for silos and clients, chosen by configuration (section <c>Cluster</c>, <c>Storage</c>).</summary>
public static class RlvrClusterExtensions
{
    /// <summary>A complete Orleans.Rlvr silo: cluster membership, reminders, storage, and the grains (<see cref="RlvrSiloBuilderExtensions.AddRlvr"/>).</summary>
    public static ISiloBuilder UseRlvrCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = Options(configuration);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        if (IsRedis(cluster.Clustering))
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis));
            silo.ConfigureEndpoints(cluster.ResolveAdvertisedAddress(), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort), cluster.ServiceId, cluster.ClusterId);
        }

        if (IsRedis(cluster.Reminders))
        {
            silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis));
        }
        else
        {
            silo.UseInMemoryReminderService();
        }

        if (IsRedis(configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Provider ?? ""))
        {
            silo.Services.AddRedisGrainStorage(RlvrStorage.Name, o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis));
        }

        return silo.AddRlvr(configuration);
    }

    /// <summary>A client of a running Orleans.Rlvr cluster.</summary>
    public static IClientBuilder UseRlvrCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var cluster = Options(configuration);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        if (IsRedis(cluster.Clustering))
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis));
        }
        else
        {
            client.UseStaticClustering(cluster.GatewayPorts.Select(p => new IPEndPoint(IPAddress.Loopback, p)).ToArray());
        }

        return client;
    }

    private static RlvrClusterOptions Options(IConfiguration configuration) =>
        (configuration.GetSection(RlvrClusterOptions.Section).Get<RlvrClusterOptions>() ?? new RlvrClusterOptions()).Validate();

    private static bool IsRedis(string value) => string.Equals(value, "Redis", StringComparison.OrdinalIgnoreCase);
}
