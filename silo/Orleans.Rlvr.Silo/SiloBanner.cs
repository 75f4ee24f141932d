using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Hosting;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Silo;

/// <summary>Logs, once the silo is up, what it is: cluster, clustering, storage, roles, checkpoint root and torch device.</summary>
internal sealed partial class SiloBanner(IConfiguration configuration, ILocalSiloDetails silo, ILogger<SiloBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cluster = configuration.GetSection(RlvrClusterOptions.Section).Get<RlvrClusterOptions>() ?? new RlvrClusterOptions();
        var rlvr = configuration.GetSection(RlvrOptions.Section).Get<RlvrOptions>() ?? new RlvrOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var checkpoints = configuration.GetSection(CheckpointOptions.Section).Get<CheckpointOptions>() ?? new CheckpointOptions();
        var torch = configuration.GetSection(TorchOptions.Section).Get<TorchOptions>() ?? new TorchOptions();
        LogStarted(logger, silo.SiloAddress.ToString(), cluster.ClusterId, cluster.ServiceId, cluster.Clustering, storage.Provider,
            cluster.Reminders, rlvr.Roles, checkpoints.FullRoot, torch.Device);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping(logger, silo.SiloAddress.ToString());
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Silo {Silo} up: cluster {ClusterId}/{ServiceId}, clustering {Clustering}, storage {Storage}, reminders {Reminders}, roles {Roles}, checkpoints {CheckpointRoot}, torch device {Device}")]
    private static partial void LogStarted(ILogger logger, string silo, string clusterId, string serviceId, string clustering, string storage,
        string reminders, string roles, string checkpointRoot, string device);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} stopping: grains are deactivated and handed off")]
    private static partial void LogStopping(ILogger logger, string silo);
}
