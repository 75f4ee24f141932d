using Orleans.Rlvr.Cli.Rendering;
using Microsoft.Extensions.Configuration;
using Orleans.Rlvr.Cli.Cluster;
using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Sweeps;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Sweeps;

/// <summary>Starts (or attaches to) a sweep, follows it with live progress, then reports its results.</summary>
public static class SweepSession
{
    public static async Task<int> RunAsync(IConfiguration configuration, bool connect, string sweepId, SweepSpec? spec, SweepOutputOptions output, TextWriter stdout, TextWriter stderr)
    {
        // Ctrl+C and SIGTERM stop following (and, embedded, stop the runs after their current step; they keep their checkpoints).
        using var stop = new StopSignals();
        var console = Consoles.For(stderr);
        {
            await using var connection = await ClusterConnection.OpenAsync(configuration, connect, stop.Token);

            // Taken once the silo's settings have proven valid (a refused setting writes nothing), before the sweep is touched.
            using var driver = connect ? null : SweepDriverLock.Acquire(CliConfiguration.RunsRoot(configuration), sweepId, create: spec is not null);
            var sweep = connection.Client.GetGrain<ISweepGrain>(sweepId);
            var status = spec is null ? await sweep.GetStatus() : await Start(sweep, spec);
            if (status.State == SweepState.Unknown)
            {
                throw new UsageException($"--attach: there is no sweep '{sweepId}' in this cluster.");
            }

            console.MarkupLine(Markup.Escape($"sweep {sweepId}: {status.Runs.Count} runs, at most {status.Spec?.MaxConcurrentRuns} at a time, on {(connection.Embedded ? "an embedded silo" : "the configured cluster")}"));
            if (output.Detach)
            {
                stdout.WriteLine(output.Json ? $"{{\"sweepId\":\"{sweepId}\"}}" : sweepId);
                return 0;
            }

            var interactive = stderr == Console.Error && !Console.IsErrorRedirected;
            try
            {
                status = await SweepProgress.FollowAsync(sweep, console, interactive, TimeSpan.FromSeconds(1), stop.Token);
            }
            catch (OperationCanceledException)
            {
                connection.Quiet();
                // Plain, unwrapped: the last line is meant to be copied.
                stderr.WriteLine(connection.Embedded
                    ? $"Stopped. Runs keep their checkpoints; resume with: rlvr sweep --attach {sweepId}"
                    : $"Stopped following; the sweep goes on in the cluster: rlvr status {sweepId}");
                return stop.ExitCode;
            }

            var reports = await sweep.GetReports();
            SweepResultsOutput.Write(status, reports, ResultsFolder(configuration, sweepId, output), output, stdout, console);
            return status.Runs.All(r => r.Status == Runs.RunStatus.Completed) ? 0 : 1;
        }
    }

    /// <summary>The folder results are written to.</summary>
    public static string ResultsFolder(IConfiguration configuration, string sweepId, SweepOutputOptions output) =>
        output.Folder ?? Path.Combine(CliConfiguration.RunsRoot(configuration), "sweeps", sweepId, "results");

    private static async Task<SweepStatus> Start(ISweepGrain sweep, SweepSpec spec)
    {
        try
        {
            return await sweep.Start(spec);
        }
        catch (ArgumentException e)
        {
            throw UsageException.From(e);
        }
    }
}
