using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Cli.Sweeps;

namespace Orleans.Rlvr.Cli.Tests.Sweeps;

public sealed class SweepDriverLockTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-driver-lock-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void SecondDriverOfTheSameSweep_IsRefusedNamingTheFirst_UntilTheFirstLetsGo()
    {
        var runs = Path.Combine(_root, "runs");
        using (SweepDriverLock.Acquire(runs, "demo-1"))
        {
            var error = Assert.Throws<UsageException>(() => SweepDriverLock.Acquire(runs, "demo-1"));
            Assert.Contains($"sweep 'demo-1' is already being driven by another rlvr process (pid {Environment.ProcessId})", error.Message);
            using var other = SweepDriverLock.Acquire(runs, "demo-2");   // another sweep on the same root is fine
        }

        using var again = SweepDriverLock.Acquire(runs, "demo-1");
    }

    [Fact]
    public async Task AttachingASweepThatIsBeingDriven_InAnotherProcess_IsRefusedAtOnce()
    {
        using var held = SweepDriverLock.Acquire(Path.Combine(_root, "runs"), "busy-1");
        using var process = RlvrProcess.Start(["sweep", "--attach", "busy-1"], _root);
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("sweep 'busy-1' is already being driven by another rlvr process", await stderr);
    }

    [Fact]
    public void AttachingAnUnknownSweep_TakesNoLockAndWritesNothing()
    {
        var runs = Path.Combine(_root, "runs");

        Assert.Null(SweepDriverLock.Acquire(runs, "nothing-here", create: false));
        Assert.False(Directory.Exists(runs));
    }
}
