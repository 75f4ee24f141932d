using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Hosting.Tests;

public sealed class UseRlvrTests
{
    [Fact]
    public void ConfigurationAndOptionsOverloads_RegisterTheSameSettings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rlvr:Roles"] = "rollout",
            ["Rlvr:RolloutWorkers"] = "3",
            ["Checkpoints:Root"] = "/tmp/rlvr-hosting-tests",
            ["Torch:Threads"] = "2",
            ["Storage:Provider"] = "Memory",
        }).Build();

        using var fromConfiguration = SiloHost(silo => silo.UseRlvr(configuration));
        using var fromOptions = SiloHost(silo => silo.UseRlvr(o =>
        {
            o.Rlvr.Roles = "rollout";
            o.Rlvr.RolloutWorkers = 3;
            o.Checkpoints.Root = "/tmp/rlvr-hosting-tests";
            o.Torch = o.Torch with { Threads = 2 };
            o.Storage.Provider = "Memory";
        }));

        foreach (var host in new[] { fromConfiguration, fromOptions })
        {
            var services = host.Services;
            Assert.Equal("rollout", services.GetRequiredService<IOptions<RlvrOptions>>().Value.Roles);
            Assert.Equal(3, services.GetRequiredService<IOptions<RlvrOptions>>().Value.RolloutWorkers);
            Assert.Equal("/tmp/rlvr-hosting-tests", services.GetRequiredService<IOptions<CheckpointOptions>>().Value.Root);
            Assert.Equal(2, services.GetRequiredService<IOptions<TorchOptions>>().Value.Threads);
            Assert.Equal("Memory", services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider);
        }
    }

    [Theory]
    [InlineData("Roles", "Rlvr:Roles")]
    [InlineData("Storage", "Storage:Provider")]
    public void OptionsOverload_WithAnInvalidSetting_ThrowsNamingIt(string setting, string name)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => SiloHost(silo => silo.UseRlvr(o =>
        {
            if (setting == "Roles")
            {
                o.Rlvr.Roles = "learner,gpu";
            }
            else
            {
                o.Storage.Provider = "Cassandra";
            }
        })).Dispose());

        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void UseRlvrClient_OnLocalhost_ConnectsToTheConfiguredGateways()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client.UseRlvrClient(o =>
        {
            o.ClusterId = "hosting-tests";
            o.Gateways = [30101, 30102];
        }));
        using var host = builder.Build();

        Assert.Equal([30101, 30102], host.Services.GetRequiredService<IOptions<StaticGatewayListProviderOptions>>().Value.Gateways.Select(u => u.Port));
        Assert.Equal("hosting-tests", host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, "0.0.0.0")]
    public void RedisSilo_ListensOnItsAdvertisedAddressOnly_UnlessToldToListenOnAny(bool listenOnAny, string? listening)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseRlvrCluster(c =>
        {
            c.Clustering = "Redis";
            c.AdvertisedAddress = "10.1.2.3";
            c.ListenOnAnyAddress = listenOnAny;
        }));
        using var host = builder.Build();

        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal("10.1.2.3", endpoints.AdvertisedIPAddress.ToString());
        Assert.Equal(listening, endpoints.SiloListeningEndpoint?.Address.ToString());   // null: Orleans binds the advertised address
        Assert.Equal(listening, endpoints.GatewayListeningEndpoint?.Address.ToString());
    }

    private static IHost SiloHost(Action<ISiloBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering();
            configure(silo);
        });
        return builder.Build();
    }
}
