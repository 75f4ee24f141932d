using Microsoft.Extensions.Configuration;
using Orleans.Rlvr.Hosting;
using Orleans.Runtime;
using StackExchange.Redis;

namespace Orleans.Rlvr.Silo;

/// <summary>The silo's answer on <c>/health</c>: healthy when it is an active cluster member and grain storage answers.</summary>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>.</param>
/// <param name="Silo">This silo's address.</param>
/// <param name="SiloStatus">Its status in the membership table (<c>Active</c>, <c>Joining</c>, <c>ShuttingDown</c>, ...).</param>
/// <param name="Members">Every silo the membership table lists, with its status.</param>
/// <param name="Storage">Whether the grain storage of runs and sweeps answered a probe.</param>
public sealed record SiloHealthReport(string Status, string Silo, string SiloStatus, IReadOnlyList<MemberHealth> Members, StorageHealth Storage)
{
    public bool Healthy => Status == "healthy";
}

/// <summary>One member of the cluster as this silo sees it.</summary>
public sealed record MemberHealth(string Silo, string Status);

/// <summary>The grain storage probe: provider, whether it answered, and how (or why not).</summary>
public sealed record StorageHealth(string Provider, bool Reachable, string Detail);

/// <summary>Builds <see cref="SiloHealthReport"/>s: membership from the silo's own snapshot (no grain call), storage by a real write or ping.</summary>
internal sealed class SiloHealth(IClusterMembershipService membership, ILocalSiloDetails local, IConfiguration configuration) : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _redisGate = new(1, 1);
    private ConnectionMultiplexer? _redis;

    public async Task<SiloHealthReport> Check(CancellationToken cancel)
    {
        var snapshot = membership.CurrentSnapshot;
        var self = snapshot.GetSiloStatus(local.SiloAddress);
        var members = snapshot.Members.Values.OrderBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(m => new MemberHealth(m.SiloAddress.ToString(), m.Status.ToString())).ToArray();
        var storage = await ProbeStorage(cancel);
        var healthy = self == SiloStatus.Active && storage.Reachable;
        return new SiloHealthReport(healthy ? "healthy" : "unhealthy", local.SiloAddress.ToString(), self.ToString(), members, storage);
    }

    private async Task<StorageHealth> ProbeStorage(CancellationToken cancel)
    {
        var options = RlvrSiloOptions.From(configuration);
        var provider = options.Storage.Provider;
        try
        {
            switch (provider.ToLowerInvariant())
            {
                case "file":
                    var folder = Path.Combine(options.Checkpoints.FullRoot, options.Storage.Folder);
                    Directory.CreateDirectory(folder);
                    var probe = Path.Combine(folder, $".health-{Guid.NewGuid():N}");
                    try
                    {
                        await File.WriteAllTextAsync(probe, "ok", cancel);
                    }
                    finally
                    {
                        File.Delete(probe);
                    }

                    return new StorageHealth(provider, true, $"wrote and deleted a file in {folder}");
                case "redis":
                    var redis = await Redis(RlvrClusterOptions.From(configuration).Redis);
                    var latency = await redis.GetDatabase().PingAsync().WaitAsync(ProbeTimeout, cancel);
                    return new StorageHealth(provider, true, $"PING answered in {latency.TotalMilliseconds:F1} ms");
                default:
                    return new StorageHealth(provider, true, "in this silo's memory");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or RedisException or TimeoutException or ArgumentException)
        {
            return new StorageHealth(provider, false, e.Message);
        }
    }

    private async Task<ConnectionMultiplexer> Redis(string connection)
    {
        await _redisGate.WaitAsync();
        try
        {
            if (_redis is null)
            {
                var settings = ConfigurationOptions.Parse(connection);
                settings.AbortOnConnectFail = false;
                settings.ConnectTimeout = (int)ProbeTimeout.TotalMilliseconds;
                _redis = await ConnectionMultiplexer.ConnectAsync(settings);
            }

            return _redis;
        }
        finally
        {
            _redisGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _redisGate.Dispose();
    }
}
