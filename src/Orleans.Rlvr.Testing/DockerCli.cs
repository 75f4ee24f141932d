using System.Diagnostics;

namespace Orleans.Rlvr.Testing;

/// <summary>The docker CLI, for what Testcontainers does not do: killing a container outright (SIGKILL, no graceful stop).</summary>
public static class DockerCli
{
    public static async Task Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker: could not start the docker CLI.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
        }
    }
}
