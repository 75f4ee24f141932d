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
        var (code, error) = await Exit(["--Rlvr:Roles=learner,gpu"]);

        Assert.Equal(2, code);
        Assert.Contains("Rlvr:Roles", error);
        Assert.Contains("gpu", error);
    }

    [Theory]
    [InlineData("--Cluster:Clustering=Consul", "Cluster:Clustering")]
    [InlineData("--Cluster:SiloPort=70000", "Cluster:SiloPort")]
    [InlineData("--Storage:Provider=Cassandra", "Storage:Provider")]
    [InlineData("--Cluster:Tls:Certificate=/nonexistent/cluster.pfx", "Cluster:Tls:Certificate")]
    [InlineData("--Operations:Urls=ftp://127.0.0.1:21", "Operations:Urls")]
    [InlineData("--Operations:LogFormat=xml", "Operations:LogFormat")]
    [InlineData("--Operations:OtlpEndpoint=collector:4317", "Operations:OtlpEndpoint")]
    [InlineData("--Operations:OtlpProtocol=udp", "Operations:OtlpProtocol")]
    [InlineData("--Operations:MetricExportInterval=00:00:00.100", "Operations:MetricExportInterval")]
    public async Task InvalidSetting_ExitsWithTwoAndNamesIt(string argument, string setting)
    {
        var (code, error) = await Exit([argument]);

        Assert.Equal(2, code);
        Assert.Contains(setting, error);
    }

    /// <summary>Runs the silo host with <paramref name="args"/> until it exits; its exit code and what it wrote to stderr.</summary>
    internal static async Task<(int Code, string Error)> Exit(string[] args)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            return (await SiloHost.RunAsync(args), error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
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
