using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Cluster;
using Orleans.Rlvr.Cli.Rendering;

namespace Orleans.Rlvr.Cli.Tests.Commands;

public sealed class SilosCommandTests
{
    private static readonly SiloComputeReport Learner = new("S10.0.0.2:11111:1", "learner,rollout", "cpu", 1,
        TimeSpan.FromSeconds(200), 1200, TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(30), 2, 40, 100, ["demo-grpo-s1", "demo-grpo-s2"]);

    private static readonly SiloComputeReport Idle = new("S10.0.0.3:11111:1", "rollout", "cpu", 2,
        TimeSpan.Zero, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0, []);

    [Fact]
    public void Json_GivesSecondsUtilizationAndCounts()
    {
        var json = SilosCommand.Json([Learner, Idle]);

        Assert.Equal("S10.0.0.2:11111:1", json[0]!["silo"]!.GetValue<string>());
        Assert.Equal(150.0, json[0]!["busySeconds"]!.GetValue<double>());
        Assert.Equal(0.75, json[0]!["utilization"]!.GetValue<double>(), 1e-12);
        Assert.Equal(100, json[0]!["rolloutRequests"]!.GetValue<long>());
        Assert.Equal(0.0, json[1]!["utilization"]!.GetValue<double>());
        Assert.Equal("demo-grpo-s2", json[0]!["learners"]![1]!.GetValue<string>());
    }

    [Fact]
    public void Table_ShowsUtilizationAndGroupsPerSamplerCall_DashWhenNoneRan()
    {
        var text = new StringWriter();

        Consoles.For(text).Write(SilosCommand.Table([Learner, Idle]));

        var output = text.ToString();
        Assert.Contains("75.0%", output, StringComparison.Ordinal);
        Assert.Contains("2.5", output, StringComparison.Ordinal);
        Assert.Contains("cpu × 2", output, StringComparison.Ordinal);
        var idleRow = output.Split('\n').Single(l => l.Contains("10.0.0.3", StringComparison.Ordinal));
        Assert.Contains("-", idleRow.Replace("S10.0.0.3", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
