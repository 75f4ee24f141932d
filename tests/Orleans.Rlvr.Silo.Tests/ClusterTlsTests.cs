using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Rlvr.Hosting;
using Orleans.Runtime;

namespace Orleans.Rlvr.Silo.Tests;

/// <summary>
/// A silo with <c>Cluster:Tls</c> (mutual TLS, one pinned cluster certificate) in this process, and three clients: one
/// holding the cluster certificate gets in; one without TLS and one with a certificate of its own are refused.
/// </summary>
public sealed class ClusterTlsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-tls-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task OnlyAClientHoldingTheClusterCertificate_CanConnect()
    {
        var cluster = Path.Combine(_root, "cluster.pfx");
        var stranger = Path.Combine(_root, "stranger.pfx");
        ClusterTls.CreateSelfSigned(cluster, "secret");
        ClusterTls.CreateSelfSigned(stranger, "");
        int siloPort = LocalPorts.Free(), gatewayPort = LocalPorts.Free();
        using var silo = SiloHost.Build([
            $"--Cluster:SiloPort={siloPort}", $"--Cluster:GatewayPort={gatewayPort}", $"--Cluster:PrimarySiloPort={siloPort}",
            $"--Checkpoints:Root={_root}", "--Operations:Urls=", $"--Cluster:Tls:Certificate={cluster}", "--Cluster:Tls:Password=secret"]);
        await silo.StartAsync();
        try
        {
            var hosts = await WithClient(gatewayPort, cluster, "secret", client => client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
            Assert.Single(hosts);

            // The gateway drops their TLS handshakes (or plain preamble); the Orleans client keeps retrying, so a refused
            // client never gets connected: it is still trying when the 10 s are up (the CLI says so after Cluster:ConnectTimeout).
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WithClient(gatewayPort, null, "", client => client.GetGrain<IManagementGrain>(0).GetHosts(true), TimeSpan.FromSeconds(10)));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WithClient(gatewayPort, stranger, "", client => client.GetGrain<IManagementGrain>(0).GetHosts(true), TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    private static async Task<T> WithClient<T>(int gatewayPort, string? certificate, string password, Func<IClusterClient, Task<T>> call, TimeSpan? limit = null)
    {
        var settings = new Dictionary<string, string?> { ["Cluster:Gateways:0"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (certificate is not null)
        {
            settings["Cluster:Tls:Certificate"] = certificate;
            settings["Cluster:Tls:Password"] = password;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseRlvrClient(configuration));
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(30));
        await host.StartAsync(timeout.Token);
        try
        {
            return await call(host.Services.GetRequiredService<IClusterClient>()).WaitAsync(timeout.Token);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
