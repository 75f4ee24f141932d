using System.Text.Json;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Training.Logs;

/// <summary>
/// The logs of one run, next to its checkpoints, for the tools researchers already use: <c>metrics.jsonl</c> (verl's
/// shape, one <c>{"step": N, "data": {...}}</c> per line, non-finite values as null) and a TensorBoard event file
/// (<c>tensorboard --logdir &lt;sweep folder&gt;</c> shows one run per folder). Both are derived from the run's state:
/// <see cref="Rewrite"/> writes them anew from the checkpoint a run opens from, so steps redone after a resume or a
/// failover are never logged twice; <see cref="Append"/> adds each step as it completes. Step 0 holds the warm
/// start's evaluation.
/// </summary>
public sealed class RunLogs : IDisposable
{
    /// <summary>The JSON-lines file's name inside the run folder.</summary>
    public const string MetricsFile = "metrics.jsonl";

    private readonly FileStream _metrics;
    private readonly TensorBoardEventFile _events;
    private readonly TimeProvider _clock;

    private RunLogs(FileStream metrics, TensorBoardEventFile events, TimeProvider clock)
    {
        _metrics = metrics;
        _events = events;
        _clock = clock;
    }

    /// <summary>The event file being written.</summary>
    public string EventFile => _events.Path;

    /// <summary>
    /// Replaces the logs in <paramref name="directory"/> (older event files are deleted) with the history in
    /// <paramref name="state"/>: the step-0 evaluation and every completed step. Returns the writer for the steps to come.
    /// </summary>
    public static RunLogs Rewrite(string directory, RunState state, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        Directory.CreateDirectory(directory);
        foreach (var old in Directory.EnumerateFiles(directory, TensorBoardEventFile.Prefix + "*"))
        {
            File.Delete(old);
        }

        var now = clock.GetUtcNow();
        var metrics = new FileStream(Path.Combine(directory, MetricsFile), FileMode.Create, FileAccess.Write, FileShare.Read);
        RunLogs? logs = null;
        try
        {
            logs = new RunLogs(metrics, TensorBoardEventFile.Create(directory, now), clock);
            if (state.Evaluations.FirstOrDefault(e => e.Step == 0) is { } initial)
            {
                var values = new Dictionary<string, double>();
                StepMetricValues.AddEvaluation(values, state.Options.Task.Name, initial);
                logs.Write(new StepMetrics(0, values), now);
            }

            foreach (var step in state.Metrics)
            {
                logs.Write(step, now);
            }

            logs.Flush();
            return logs;
        }
        catch
        {
            if (logs is null)
            {
                metrics.Dispose();
            }
            else
            {
                logs.Dispose();
            }

            throw;
        }
    }

    /// <summary>Adds one completed step to both logs and flushes them.</summary>
    public void Append(StepMetrics metrics)
    {
        Write(metrics, _clock.GetUtcNow());
        Flush();
    }

    /// <summary>Closes both files; a failing flush (a full disk) is not an error here: the logs are rebuilt from the state on the next open.</summary>
    public void Dispose()
    {
        foreach (var file in new IDisposable[] { _metrics, _events })
        {
            try
            {
                file.Dispose();
            }
            catch (IOException)
            {
            }
        }
    }

    private void Write(StepMetrics metrics, DateTimeOffset wallTime)
    {
        var ordered = metrics.Values.OrderBy(v => v.Key, StringComparer.Ordinal).ToArray();
        using (var json = new Utf8JsonWriter(_metrics))
        {
            json.WriteStartObject();
            json.WriteNumber("step", metrics.Step);
            json.WriteStartObject("data");
            foreach (var (key, value) in ordered)
            {
                if (double.IsFinite(value))
                {
                    json.WriteNumber(key, value);
                }
                else
                {
                    json.WriteNull(key);
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        _metrics.WriteByte((byte)'\n');
        _events.WriteScalars(metrics.Step, wallTime, ordered);
    }

    private void Flush()
    {
        _metrics.Flush();
        _events.Flush();
    }
}
