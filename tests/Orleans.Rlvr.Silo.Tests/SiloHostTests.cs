using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Rlvr.Grains.Configuration;

namespace Orleans.Rlvr.Silo.Tests;

public sealed class SiloHostTests
{
    [Fact]
    public async Task UnknownRole_ExitsWithTwoAndNamesTheSetting()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            var code = await SiloHost.RunAsync(["--Rlvr:Roles=learner,gpu"]);
            Assert.Equal(2, code);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("Rlvr:Roles", error.ToString());
        Assert.Contains("gpu", error.ToString());
    }

    [Theory]
    [InlineData("--Cluster:Clustering=Consul", "Cluster:Clustering")]
    [InlineData("--Cluster:SiloPort=70000", "Cluster:SiloPort")]
    [InlineData("--Storage:Provider=Cassandra", "Storage:Provider")]
    [InlineData("--Cluster:Tls:Certificate=/nonexistent/cluster.pfx", "Cluster:Tls:Certificate")]
    public async Task InvalidClusterOrStorageSetting_ExitsWithTwoAndNamesIt(string argument, string setting)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await SiloHost.RunAsync([argument]));
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains(setting, error.ToString());
    }

    [Fact]
    public void CommandLine_WinsOverEnvironment()
    {
        Environment.SetEnvironmentVariable("RLVR_Rlvr__Roles", "rollout");
        try
        {
            using var host = SiloHost.Build(["--Rlvr:Roles=learner", "--Cluster:SiloPort=11311", "--Cluster:GatewayPort=30311", "--Cluster:PrimarySiloPort=11311"]);
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            Assert.Equal("learner", configuration["Rlvr:Roles"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RLVR_Rlvr__Roles", null);
        }
    }

    [Fact]
    public void Environment_WinsOverAppSettings()
    {
        Environment.SetEnvironmentVariable("RLVR_Rlvr__RolloutWorkers", "3");
        try
        {
            using var host = SiloHost.Build(["--Cluster:SiloPort=11312", "--Cluster:GatewayPort=30312", "--Cluster:PrimarySiloPort=11312"]);
            var options = host.Services.GetRequiredService<IConfiguration>().GetSection(RlvrOptions.Section).Get<RlvrOptions>();
            Assert.Equal(3, options!.RolloutWorkers);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RLVR_Rlvr__RolloutWorkers", null);
        }
    }

    [Fact]
    public void GracefulShutdown_WaitsUpToSixtySeconds()
    {
        using var host = SiloHost.Build(["--Cluster:SiloPort=11313", "--Cluster:GatewayPort=30313", "--Cluster:PrimarySiloPort=11313"]);
        Assert.Equal(SiloHost.ShutdownTimeout, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), SiloHost.ShutdownTimeout);
    }
}
