using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Hosting;

namespace Orleans.Rlvr.Cli.Cluster;

/// <summary>
/// The CLI's way into a cluster: by default an embedded silo in this process (localhost clustering on free ports,
/// grain state in files under the checkpoint root, so a later command can read a finished sweep); with
/// <c>--connect</c>, a client of the cluster the <c>Cluster</c> configuration section describes. An embedded silo
/// opened with <c>driveRuns: false</c> is inspect-only (<see cref="RlvrOptions.DriveRuns"/>): it reads sweeps
/// without resuming them.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host, bool embedded)
    {
        _host = host;
        Embedded = embedded;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    /// <summary>True when the silo runs in this process (the sweep runs only while the command does).</summary>
    public bool Embedded { get; }

    public static async Task<ClusterConnection> OpenAsync(IConfiguration configuration, bool connect, CancellationToken cancellationToken, bool driveRuns = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // Our warnings, others' errors; nothing once a stop the user asked for is under way (shutting a silo down while
        // its runs are mid-step makes Orleans log failures that are not). A host that fails to start surfaces as the
        // exception the command reports in one line, so its own log of it is dropped.
        var quiet = new QuietSwitch();
        builder.Services.AddSingleton(quiet);
        // One rule decides every category, so that the quiet switch also covers categories the configuration names:
        // Logging:LogLevel entries (the longest matching prefix) first, then these defaults.
        var configured = configuration.GetSection("Logging:LogLevel").GetChildren()
            .Where(c => Enum.TryParse<LogLevel>(c.Value, ignoreCase: true, out _))
            .ToDictionary(c => c.Key, c => Enum.Parse<LogLevel>(c.Value!, ignoreCase: true), StringComparer.Ordinal);
        builder.Logging.AddFilter((category, level) => !quiet.On && level >= MinimumLevel(category ?? "", configured));
        if (connect)
        {
            builder.UseOrleansClient(client => client.UseRlvrClient(configuration));
        }
        else
        {
            var settings = new Dictionary<string, string?>
            {
                ["Cluster:Clustering"] = "Localhost",
                ["Cluster:SiloPort"] = LocalPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Cluster:GatewayPort"] = LocalPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            settings["Cluster:PrimarySiloPort"] = settings["Cluster:SiloPort"];
            if (!driveRuns)
            {
                settings["Rlvr:DriveRuns"] = "false";
            }

            var embedded = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(settings).Build();
            builder.UseOrleans(silo => silo.UseRlvrCluster(embedded));
        }

        var host = builder.Build();
        if (!connect)
        {
            await host.StartAsync(cancellationToken);
            return new ClusterConnection(host, embedded: true);
        }

        // A client retries its gateways until cancelled: bound the wait, and say what was tried.
        var cluster = RlvrClusterOptions.From(configuration);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(cluster.ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            var where = string.Equals(cluster.Clustering, "Redis", StringComparison.OrdinalIgnoreCase)
                ? $"through Redis at {string.Join(", ", StackExchange.Redis.ConfigurationOptions.Parse(cluster.Redis).EndPoints)}"
                : $"at localhost gateway port(s) {string.Join(", ", cluster.GatewayPorts)}";
            throw new UsageException(
                $"--connect: no cluster answered {where} within {cluster.ConnectTimeout.TotalSeconds:0.#} s (Cluster:ConnectTimeout); is a silo running, and do Cluster:ClusterId ('{cluster.ClusterId}') and the gateways match it?");
        }

        return new ClusterConnection(host, embedded: false);
    }

    /// <summary>Silences the log from now on: the user asked to stop, and what the silo says while stopping is not news.</summary>
    public void Quiet() => _host.Services.GetRequiredService<QuietSwitch>().On = true;

    private static LogLevel MinimumLevel(string category, IReadOnlyDictionary<string, LogLevel> configured)
    {
        var match = configured.Keys
            .Where(prefix => prefix != "Default" && (category == prefix || category.StartsWith(prefix + ".", StringComparison.Ordinal)))
            .MaxBy(prefix => prefix.Length);
        if (match is not null)
        {
            return configured[match];
        }

        return DefaultLevel(category);
    }

    private static LogLevel DefaultLevel(string category) =>
        category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal) ? LogLevel.None
        : category.StartsWith("Orleans.Rlvr", StringComparison.Ordinal) ? LogLevel.Warning
        : category.StartsWith("Orleans", StringComparison.Ordinal) || category.StartsWith("Microsoft", StringComparison.Ordinal) || category.StartsWith("Polly", StringComparison.Ordinal) ? LogLevel.Error
        : LogLevel.Information;

    private sealed class QuietSwitch
    {
        public volatile bool On;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
