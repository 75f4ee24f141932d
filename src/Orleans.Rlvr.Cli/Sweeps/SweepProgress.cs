using System.Globalization;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Sweeps;

/// <summary>
/// Follows a sweep until it is no longer running: a progress bar per run on a terminal; otherwise a line per new
/// step or status, and at most one line per <see cref="PhaseLineInterval"/> for progress within a step (a warm start).
/// </summary>
public static class SweepProgress
{
    public static readonly TimeSpan PhaseLineInterval = TimeSpan.FromSeconds(10);

    public static async Task<SweepStatus> FollowAsync(ISweepGrain sweep, IAnsiConsole console, bool interactive, TimeSpan interval, CancellationToken cancellationToken)
    {
        var status = await sweep.GetStatus();
        if (!interactive)
        {
            // Lines are written for the status that ends the loop too: the last run's "completed" line comes from the
            // same poll that sees the sweep finished.
            var last = new Dictionary<string, (RunStatus Status, int Step, string Line, DateTime At)>();
            while (true)
            {
                foreach (var run in status.Runs)
                {
                    var line = Describe(run);
                    var now = DateTime.UtcNow;
                    var due = !last.TryGetValue(run.RunId, out var previous)
                        || previous.Status != run.Status || previous.Step != run.Step
                        || (previous.Line != line && now - previous.At >= PhaseLineInterval);
                    if (due)
                    {
                        console.WriteLine($"{run.RunId}: {line}");
                        last[run.RunId] = (run.Status, run.Step, line, now);
                    }
                }

                if (status.State != SweepState.Running || cancellationToken.IsCancellationRequested)
                {
                    return status;
                }

                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                status = await sweep.GetStatus();
            }
        }

        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bars = status.Runs.ToDictionary(r => r.RunId, r => context.AddTask(Markup.Escape(r.RunId), maxValue: 1));
                while (true)
                {
                    foreach (var run in status.Runs)
                    {
                        var bar = bars[run.RunId];
                        bar.Description = Markup.Escape($"{Name(run),-22} {Describe(run)}");
                        bar.MaxValue = Math.Max(1, run.Steps);
                        bar.Value = run.IsFinished ? bar.MaxValue : run.Step;
                    }

                    if (status.State != SweepState.Running || cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                    status = await sweep.GetStatus();
                }
            });
        return status;
    }

    /// <summary>A run's progress in a few words: status, step, last reward, last accuracy.</summary>
    public static string Describe(RunSnapshot run) => run.Status switch
    {
        RunStatus.Running when run.Step == 0 => run.Phase,
        RunStatus.Running => string.Create(CultureInfo.InvariantCulture, $"step {run.Step}/{run.Steps}  reward {run.Reward:F3}  acc {run.Accuracy:F3}"),
        RunStatus.Completed => string.Create(CultureInfo.InvariantCulture, $"completed {run.Step} steps  acc {run.InitialAccuracy:F3} → {run.Accuracy:F3}")
            + (run.Failures > 0 ? $"  ({run.Failures} failed step attempt{(run.Failures == 1 ? "" : "s")} retried)" : ""),
        RunStatus.Failed => $"failed: {run.Error}",
        _ => run.Status.ToString().ToLowerInvariant(),
    };

    private static string Name(RunSnapshot run) => run.RunId[(run.RunId.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
