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
}
