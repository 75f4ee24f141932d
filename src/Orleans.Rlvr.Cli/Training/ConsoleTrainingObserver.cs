using System.Globalization;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Training;

/// <summary>Shows a run's progress: bars on an interactive terminal, one line per event otherwise (always on stderr).</summary>
public sealed class ConsoleTrainingObserver(IAnsiConsole console, ProgressTask? warmStart, ProgressTask? steps) : ITrainingObserver
{
    private double _lastAccuracy = double.NaN;
    private bool _waitShown;

    /// <summary>Called after each RL step (a stop asked for from then on waits for the step's checkpoint).</summary>
    public Action? OnSteps { get; init; }

    public void OnWarmStart(int step, int totalSteps, double loss)
    {
        if (warmStart is not null)
        {
            warmStart.MaxValue = totalSteps;
            warmStart.Value = step;
            warmStart.Description = double.IsNaN(loss) ? "warm start   waiting for another run's" : $"warm start   loss {loss:F3}";
        }
        else if (double.IsNaN(loss))
        {
            if (!_waitShown)
            {
                console.MarkupLine("warm start: waiting for another run computing the same one");
                _waitShown = true;
            }
        }
        else if (step % Math.Max(1, totalSteps / 10) == 0 || step == totalSteps)
        {
            console.MarkupLine(Invariant($"warm start {step}/{totalSteps}  loss {loss:F3}"));
        }
    }

    public void OnStep(StepMetrics metrics, int totalSteps)
    {
        OnSteps?.Invoke();
        var line = Invariant($"step {metrics.Step}/{totalSteps}  reward {metrics[MetricNames.ScoreMean]:F3}  len {metrics[MetricNames.ResponseLengthMean]:F0}  acc {_lastAccuracy:F3}  {metrics[MetricNames.StepSeconds]:F1}s");
        if (steps is not null)
        {
            steps.MaxValue = totalSteps;
            steps.Value = metrics.Step;
            steps.Description = Markup.Escape(line);
        }
        else
        {
            console.MarkupLine(Markup.Escape(line));
        }
    }

    public void OnEvaluation(EvaluationResult evaluation)
    {
        _lastAccuracy = evaluation.AverageAtK;
        if (steps is null)
        {
            console.MarkupLine(Markup.Escape(Invariant($"eval @ step {evaluation.Step}: avg@{evaluation.K} {evaluation.AverageAtK:F3}  pass@{evaluation.K} {evaluation.PassAtK:F3}  greedy {evaluation.GreedyAccuracy:F3}  len {evaluation.MeanResponseLength:F0}{Diagnostics(evaluation)}")));
            foreach (var example in evaluation.Examples)
            {
                console.MarkupLine(Markup.Escape($"    {example}"));
            }
        }
    }

    public void OnResumed(int step) => console.MarkupLine(Invariant($"resumed after step {step}"));

    public void OnCheckpointRejected(string directory, string reason) =>
        console.MarkupLine(Markup.Escape($"passed over checkpoint {directory}: {reason}; resuming from an older one"));

    public void OnStepRetried(int step, Exception error, int attempt) =>
        console.MarkupLine(Markup.Escape(Invariant($"step {step} failed ({error.GetType().Name}: {FirstLine(error.Message)}); trying again from the last checkpoint (attempt {attempt + 1} of {Trainer.MaxStepAttempts})")));

    public void OnWarmStartRetried(int step, Exception error, int resumedFrom) =>
        console.MarkupLine(Markup.Escape(Invariant($"warm start step {step} failed ({error.GetType().Name}: {FirstLine(error.Message)}); going on from its snapshot after step {resumedFrom}")));

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Diagnostics(EvaluationResult evaluation) =>
        string.Concat(evaluation.Diagnostics.Where(d => !d.Key.StartsWith("length/", StringComparison.Ordinal)).Select(d => Invariant($"  {d.Key[(d.Key.IndexOf('/') + 1)..]} {d.Value:F3}")));
}
