using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Hosting;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Testing;

/// <summary>
/// A hosted cluster in containers: Redis (clustering, grain storage, reminders; append-only file so a restart
/// loses nothing) and silo containers on a private network (by default three: silo 0 with the rollout role only,
/// silos 1 and 2 learner silos too), all mounting one host folder as the shared checkpoint root. This process is a
/// client. Ryuk is disabled (its image cannot be pulled), so disposal removes every container and the network.
/// </summary>
public sealed class HostedCluster : IAsyncDisposable
{
    /// <summary>The default silos' roles: one rollout-only silo and two learner silos.</summary>
    public static readonly IReadOnlyList<string> DefaultRoles = ["rollout", "learner,rollout", "learner,rollout"];

    private readonly List<string> _roles;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _name = "rlvr-it-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IContainer> _silos = [];
    private INetwork? _network;
    private IContainer? _redis;
    private IHost? _client;
    private int _redisPort;

    /// <summary>The password Redis requires (a new random one per cluster), as every recipe in docs/cluster.md sets one.</summary>
    public string RedisPassword { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Redis's port on this machine.</summary>
    public int RedisPort => _redisPort;

    /// <summary>The checkpoint root every silo mounts at /data.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "rlvr-it-" + Guid.NewGuid().ToString("N")[..8]);

    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("The cluster is not started.");

    public IReadOnlyList<IContainer> SiloContainers => _silos;

    public IContainer Redis => _redis ?? throw new InvalidOperationException("The cluster is not started.");

    private HostedCluster(IReadOnlyList<string> roles, IReadOnlyDictionary<string, string> settings)
    {
        _roles = [.. roles];
        _settings = settings;
    }

    /// <summary>
    /// Starts Redis and one silo per entry of <paramref name="roles"/> (default <see cref="DefaultRoles"/>);
    /// <paramref name="settings"/> (configuration keys such as <c>Torch:Threads</c>) override the silos' test settings.
    /// </summary>
    public static async Task<HostedCluster> StartAsync(IReadOnlyList<string>? roles = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        var cluster = new HostedCluster(roles ?? DefaultRoles, settings ?? new Dictionary<string, string>());
        try
        {
            await cluster.Start();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when <paramref name="siloAddress"/> (as in <see cref="RunSnapshot.LearnerSilo"/>) is a silo with the learner role.</summary>
    public bool IsLearnerSilo(string? siloAddress) =>
        siloAddress is not null && _silos.Where((_, i) => new RlvrOptions { Roles = _roles[i] }.HasRole(SiloRoles.Learner))
            .Any(s => siloAddress.StartsWith($"S{s.IpAddress}:", StringComparison.Ordinal));

    /// <summary>The silo container at <paramref name="siloAddress"/> (the newest one, should a new silo have taken a stopped one's address).</summary>
    public IContainer SiloAt(string siloAddress) =>
        _silos.Last(s => siloAddress.StartsWith($"S{s.IpAddress}:", StringComparison.Ordinal));

    /// <summary>The last 200 lines of the logs of Redis and of every silo.</summary>
    public async Task<string> Logs()
    {
        var text = new System.Text.StringBuilder();
        foreach (var (name, container) in new[] { ("redis", _redis) }.Concat(_silos.Select((s, i) => ($"silo{i}", (IContainer?)s))))
        {
            if (container is null)
            {
                continue;
            }

            try
            {
                var (stdout, stderr) = await container.GetLogsAsync();
                text.AppendLine($"===== {name} ({container.Name}) =====").AppendLine(Tail(stdout + stderr, 200));
            }
            catch (Exception e)
            {
                text.AppendLine($"===== {name}: logs unavailable: {e.Message}");
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _client.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }

            _client.Dispose();
        }

        foreach (var container in _silos.Append(_redis).OfType<IContainer>())
        {
            await container.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task Start()
    {
        Directory.CreateDirectory(Root);
        _network = new NetworkBuilder().WithName(_name).Build();
        await _network.CreateAsync();

        var redisPort = LocalPorts.Free();
        _redis = new ContainerBuilder(ClusterImages.Redis)
            .WithName($"{_name}-redis")
            .WithNetwork(_network)
            .WithNetworkAliases("redis")
            .WithEntrypoint("redis-server")
            .WithCommand("--bind", "0.0.0.0", "--requirepass", RedisPassword, "--appendonly", "yes", "--appendfsync", "always", "--dir", "/var/lib/redis")
            .WithPortBinding(redisPort, 6379)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Ready to accept connections"))
            .Build();
        await _redis.StartAsync();

        var silos = _roles.Select((roles, i) => NewSilo(i, roles)).ToArray();
        _silos.AddRange(silos);
        await Task.WhenAll(silos.Select(s => s.StartAsync()));

        _redisPort = redisPort;
        await ConnectClient();
    }

    /// <summary>Starts one more silo with <paramref name="roles"/> (it joins the running cluster) and returns its container.</summary>
    public async Task<IContainer> AddSiloAsync(string roles)
    {
        var silo = NewSilo(_silos.Count, roles);
        _roles.Add(roles);
        _silos.Add(silo);
        await silo.StartAsync();
        return silo;
    }

    /// <summary>Drops the client without a graceful close (as a killed <c>rlvr sweep --connect</c> would) and connects a new one.</summary>
    public async Task ReconnectClientAsync()
    {
        _client?.Dispose();
        _client = null;
        await ConnectClient();
    }

    private IContainer NewSilo(int index, string roles) => new ContainerBuilder(ClusterImages.Silo)
        .WithName($"{_name}-silo{index}")
        .WithHostname($"silo{index}")
        .WithNetwork(_network)
        .WithNetworkAliases($"silo{index}")
        .WithBindMount(Root, "/data")
        .WithEnvironment(SiloSettings(roles))
        .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("up: cluster"))
        .Build();

    private async Task ConnectClient()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = _name,
            ["Cluster:Clustering"] = "Redis",
            ["Cluster:Redis"] = $"localhost:{_redisPort},password={RedisPassword},abortConnect=false",
        }).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseRlvrClient(configuration));
        _client = builder.Build();
        await _client.StartAsync();
    }

    private Dictionary<string, string> SiloSettings(string roles)
    {
        var settings = new Dictionary<string, string>
        {
            ["RLVR_Cluster__ClusterId"] = _name,
            ["RLVR_Cluster__Redis"] = $"redis:6379,password={RedisPassword},abortConnect=false",
            ["RLVR_Rlvr__Roles"] = roles,
            ["RLVR_Rlvr__RolloutWorkers"] = "6",
            ["RLVR_Rlvr__ReminderPeriod"] = "00:00:10",
            ["RLVR_Rlvr__PollInterval"] = "00:00:00.200",
            ["RLVR_Torch__Threads"] = "1",
            ["RLVR_Rlvr__TensorThreads"] = "1",   // several silo containers share the machine's cores
        };
        foreach (var (key, value) in _settings)
        {
            settings["RLVR_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return settings;
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
