using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Cli.Sweeps;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Cli.Tests.Sweeps;

/// <summary>A run that completed after failed step attempts says so, in the progress line and in <c>rlvr status --json</c>.</summary>
public sealed class SweepProgressTests
{
    private static RunSnapshot Completed(int failures) =>
        new("s/grpo-s1", "grpo", null, 1, RunStatus.Completed, "completed", 4, 4, 0.5, 0.4, 0.2, 1, "silo", null, "grpo", "grpo", failures);

    [Fact]
    public void CompletedRun_WithFailedAttempts_CountsThemInItsLineAndInStatusJson()
    {
        Assert.EndsWith("(2 failed step attempts retried)", SweepProgress.Describe(Completed(2)), StringComparison.Ordinal);
        Assert.DoesNotContain("retried", SweepProgress.Describe(Completed(0)), StringComparison.Ordinal);

        var status = new SweepStatus("s", SweepState.Finished, null, [Completed(2)], DateTimeOffset.UnixEpoch);
        var run = SweepQueryCommands.StatusJson(status)["runs"]![0]!;
        Assert.Equal(2, (int)run["failures"]!);
        Assert.Equal(1, (int)run["stepsRedone"]!);
    }
}
