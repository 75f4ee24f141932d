using System.Diagnostics;
using Orleans.Rlvr.Training.Checkpoints;

namespace Orleans.Rlvr.Cli.Tests.Commands;

/// <summary>
/// A run whose disk fills up mid-run, on a real 4 MB tmpfs (mounting needs root, as the CI machine runs): the run stops
/// with a message naming the folder and how to resume, the checkpoints already written are intact, and once space is
/// freed the run resumes and finishes.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-diskfull-").FullName;
    private readonly string _disk;

    public DiskFullTests()
    {
        _disk = Path.Combine(_root, "disk");
        Directory.CreateDirectory(_disk);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _disk);
        Assert.True(code == 0, $"mount -t tmpfs exited {code} (the test needs root): {output}");
    }

    public void Dispose()
    {
        Run("umount", _disk);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task DiskFullDuringARun_StopsNamingTheFolder_KeepsTheLastCheckpoint_AndResumesOnceSpaceIsFreed()
    {
        var run = Path.Combine(_disk, "run");
        var environment = new Dictionary<string, string> { ["RLVR_Checkpoints__Root"] = Path.Combine(_root, "runs") };   // the warm-start cache stays off the small disk
        using var training = RlvrProcess.StartWatching(["train", "--preset", "smoke", "--steps", "100000", "--set", "checkpointing.every=1", "--out", run], _root, "step 2/", environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await training.Seen.WaitAsync(timeout.Token);

        var filler = Path.Combine(_disk, "filler");
        Fill(filler);
        await training.Process.WaitForExitAsync(timeout.Token);
        training.Process.WaitForExit();   // drains the redirected streams

        var text = training.Stderr;
        Assert.Equal(1, training.Process.ExitCode);
        Assert.Contains("No space left on device", text);
        Assert.Contains(run, text);
        Assert.Contains($"resume with: rlvr train --resume {run}", text);
        Assert.DoesNotContain("   at ", text);   // no stack trace
        var kept = new CheckpointStore(Path.Combine(run, "checkpoints")).Latest();
        Assert.NotNull(kept);
        Assert.True(kept.Step >= 2, $"the newest intact checkpoint is step {kept.Step}");
        Assert.Empty(Directory.GetDirectories(Path.Combine(run, "checkpoints"), ".step-*"));   // no half-written folder left

        File.Delete(filler);
        var until = kept.Step + 2;
        using var resumed = RlvrProcess.Start(["train", "--resume", run, "--steps", until.ToString(System.Globalization.CultureInfo.InvariantCulture)], _root, environment);
        var resumedError = resumed.StandardError.ReadToEndAsync();
        _ = resumed.StandardOutput.ReadToEndAsync();
        await resumed.WaitForExitAsync(timeout.Token);
        Assert.True(resumed.ExitCode == 0, await resumedError);
        Assert.Equal(until, new CheckpointStore(Path.Combine(run, "checkpoints")).Latest()!.Step);
    }

    /// <summary>Writes zeros to <paramref name="path"/> until the file system refuses.</summary>
    private static void Fill(string path)
    {
        var block = new byte[64 * 1024];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
