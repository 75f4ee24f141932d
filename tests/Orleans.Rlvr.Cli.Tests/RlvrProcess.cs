using System.Diagnostics;

namespace Orleans.Rlvr.Cli.Tests;

/// <summary>The real <c>rlvr</c> executable (built beside the tests), started in a folder with its output redirected.</summary>
public static class RlvrProcess
{
    public static Process Start(IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "rlvr.exe" : "rlvr"), arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    /// <summary>
    /// Starts rlvr with its stderr collected line by line into <see cref="Watched.Stderr"/> (stdout drained) and
    /// <see cref="Watched.Seen"/> completed once a stderr line contains <paramref name="marker"/>.
    /// </summary>
    public static Watched StartWatching(IEnumerable<string> arguments, string workingDirectory, string marker, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = Start(arguments, workingDirectory, environment);
        var watched = new Watched(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (watched.Lines)
            {
                watched.Lines.AppendLine(e.Data);
            }

            if (e.Data.Contains(marker, StringComparison.Ordinal))
            {
                watched.SeenSource.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        return watched;
    }

    /// <summary>A started rlvr process whose stderr is being collected.</summary>
    public sealed class Watched(Process process) : IDisposable
    {
        internal readonly System.Text.StringBuilder Lines = new();
        internal readonly TaskCompletionSource SeenSource = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Process Process { get; } = process;

        /// <summary>Completes when the marker has appeared on stderr.</summary>
        public Task Seen => SeenSource.Task;

        /// <summary>Stderr so far (all of it once the process has exited and <see cref="Process.WaitForExit()"/> returned).</summary>
        public string Stderr
        {
            get
            {
                lock (Lines)
                {
                    return Lines.ToString();
                }
            }
        }

        public void Dispose() => Process.Dispose();
    }
}
