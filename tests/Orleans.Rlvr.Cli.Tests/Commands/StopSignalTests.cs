using System.Diagnostics;

namespace Orleans.Rlvr.Cli.Tests.Commands;

/// <summary>
/// SIGTERM — what Slurm, <c>timeout</c>, <c>docker stop</c> and CI send — stops a long command as Ctrl+C does: the current
/// step finishes and is checkpointed, the last line says how to resume, the exit code is 143, and the log stays quiet.
/// A real signal to a real <c>rlvr</c> process.
/// </summary>
public sealed class StopSignalTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-stop-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Train_OnSigterm_CheckpointsTheCurrentStep_SaysHowToResume_AndExitsWith143()
    {
        var (code, stderr) = await RunUntilStepsThenTerminate(["train", "--preset", "smoke", "--steps", "100000", "--set", "checkpointing.every=100000", "--out", "run"], "step 2/");

        Assert.Equal(143, code);
        Assert.Contains("resume with: rlvr train --resume", stderr);
        var checkpoints = Directory.GetDirectories(Path.Combine(_root, "run", "checkpoints"), "step-*").Select(Path.GetFileName).ToArray();
        Assert.Contains(checkpoints, c => c != "step-000000");   // the step it stopped at, not only the warm start's
    }

    [Fact]
    public async Task Sweep_OnSigterm_StopsItsRuns_SaysHowToResume_ExitsWith143_AndLogsNoFailures()
    {
        var (code, stderr) = await RunUntilStepsThenTerminate(["sweep", "--preset", "smoke", "--aggregators", "grpo", "--seeds", "1", "--steps", "100000", "--name", "stop"], "/100000  ");

        Assert.Equal(143, code);
        Assert.Contains("resume with: rlvr sweep --attach stop-", stderr);
        Assert.DoesNotContain("fail:", stderr);
    }

    [Fact]
    public async Task Variance_OnSigterm_StopsTheStudy_SaysItIsNotResumable_AndExitsWith143()
    {
        // The soft overlong penalty makes rewards differ within groups (the smoke warm start solves nothing): gradients to compute.
        var (code, stderr) = await RunUntilStepsThenTerminate(["variance", "--preset", "smoke", "--samples", "4096", "--set", "rollout.overlong=soft-penalty", "--set", "rollout.overlongBuffer=80"], "per-sample gradients");

        Assert.Equal(143, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Stopped during the variance study (per-sample gradients)", lines[^1]);
        Assert.DoesNotContain("Exception", stderr);
    }

    /// <summary>Starts rlvr, waits for a stderr line containing <paramref name="marker"/> (a sweep reports progress about once a second, so not every step), then sends SIGTERM.</summary>
    private async Task<(int Code, string Stderr)> RunUntilStepsThenTerminate(string[] arguments, string marker)
    {
        using var watched = RlvrProcess.StartWatching(arguments, _root, marker);
        var process = watched.Process;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await watched.Seen.WaitAsync(timeout.Token);
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
                Assert.Equal(0, kill.ExitCode);
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rlvr {string.Join(' ', arguments)} did not step or stop in time:\n{watched.Stderr}");
        }

        process.WaitForExit();   // drains the redirected streams
        return (process.ExitCode, watched.Stderr);
    }
}
