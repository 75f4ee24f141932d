using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Orleans.Rlvr.Grains;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace Orleans.Rlvr.Hosting;

/// <summary>A complete silo: cluster membership, reminders and storage chosen by <see cref="RlvrClusterOptions"/>, then the grains (<see cref="RlvrSiloBuilderExtensions"/>).</summary>
public static class RlvrClusterExtensions
{
    /// <summary>A complete Orleans.Rlvr silo from configuration: the section <c>Cluster</c>, and those <see cref="RlvrSiloBuilderExtensions.UseRlvr(ISiloBuilder, IConfiguration)"/> reads.</summary>
    public static ISiloBuilder UseRlvrCluster(this ISiloBuilder silo, IConfiguration configuration) =>
        AddRlvrCluster(silo, RlvrClusterOptions.From(configuration), RlvrSiloOptions.From(configuration));

    /// <summary>A complete Orleans.Rlvr silo configured in code: <paramref name="cluster"/> and <paramref name="configure"/> change the defaults (a localhost cluster of one embedded silo).</summary>
    public static ISiloBuilder UseRlvrCluster(this ISiloBuilder silo, Action<RlvrClusterOptions> cluster, Action<RlvrSiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var clusterOptions = new RlvrClusterOptions();
        cluster(clusterOptions);
        var options = new RlvrSiloOptions();
        configure?.Invoke(options);
        return AddRlvrCluster(silo, clusterOptions, options);
    }

    internal static ISiloBuilder AddRlvrCluster(ISiloBuilder silo, RlvrClusterOptions cluster, RlvrSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        cluster.Validate();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        if (IsRedis(cluster.Clustering))
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis));
            silo.ConfigureEndpoints(cluster.ResolveAdvertisedAddress(), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyAddress);
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort), cluster.ServiceId, cluster.ClusterId);
        }

        if (cluster.Tls.Enabled)
        {
            var certificate = cluster.Tls.Load();
            silo.UseTls(certificate, options => ClusterTls.Configure(options, certificate));
        }

        if (IsRedis(cluster.Reminders))
        {
            silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis));
        }
        else
        {
            silo.UseInMemoryReminderService();
        }

        if (IsRedis(options.Storage.Provider))
        {
            silo.Services.AddRedisGrainStorage(RlvrStorage.Name, o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis));

            // Grain state in Redis through Orleans' own serializer (the state types are [GenerateSerializer]), not the
            // provider's default Newtonsoft JSON, which skips values equal to the CLR default: a run's
            // evaluation.every = 0 came back as its initializer's 10 after a failover, and the learner refused to resume.
            silo.Services.AddOptions<RedisStorageOptions>(RlvrStorage.Name)
                .Configure<Serializer>((storage, serializer) => storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        }

        return RlvrSiloBuilderExtensions.AddRlvr(silo, options);
    }

    private static bool IsRedis(string value) => string.Equals(value, "Redis", StringComparison.OrdinalIgnoreCase);
}
