using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Cli.Sweeps;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Sweeps;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Tests.Sweeps;

/// <summary>A run that completed after failed step attempts says so, in the progress line and in <c>rlvr status --json</c>.</summary>
public sealed class SweepProgressTests
{
    private static RunSnapshot Completed(int failures) =>
        new("s/grpo-s1", "grpo", null, 1, RunStatus.Completed, "completed", 4, 4, 0.5, 0.4, 0.2, 1, "silo", null, "grpo", "grpo", failures);

    private static RunSnapshot Running(int step) => Completed(0) with { Status = RunStatus.Running, Phase = "training", Step = step };

    [Fact]
    public async Task FollowingWithoutATerminal_PrintsTheLastRunsCompletedLine_FromThePollThatSeesTheSweepFinish()
    {
        var sweep = new ScriptedSweep(
            new SweepStatus("s", SweepState.Running, null, [Running(3)], DateTimeOffset.UnixEpoch),
            new SweepStatus("s", SweepState.Finished, null, [Completed(0)], DateTimeOffset.UnixEpoch));
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });

        var final = await SweepProgress.FollowAsync(sweep, console, interactive: false, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(SweepState.Finished, final.State);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["s/grpo-s1: step 3/4  reward 0.500  acc 0.400", "s/grpo-s1: completed 4 steps  acc 0.200 → 0.400"], lines);
    }

    /// <summary>A sweep grain whose status follows a script, the last status repeating.</summary>
    private sealed class ScriptedSweep(params SweepStatus[] script) : ISweepGrain
    {
        private int _next;

        public Task<SweepStatus> GetStatus() => Task.FromResult(script[Math.Min(_next++, script.Length - 1)]);

        public Task<SweepStatus> Start(SweepSpec spec) => throw new NotSupportedException();

        public Task<IReadOnlyList<RunReport>> GetReports() => throw new NotSupportedException();

        public Task<SweepStatus> Cancel() => throw new NotSupportedException();

        public Task OnRunFinished(string runId, RunStatus status) => throw new NotSupportedException();
    }

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
