using System.Globalization;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Grains.Runs;

/// <summary>Turns engine progress into a one-line phase a grain can report while the work runs on a tensor thread.</summary>
public sealed class PhaseObserver : ITrainingObserver
{
    private volatile string _phase = "starting";

    /// <summary>The latest phase, safe to read from any thread.</summary>
    public string Phase => _phase;

    /// <summary>avg@k of the warm-start policy, once evaluated.</summary>
    public double InitialAccuracy { get; private set; } = double.NaN;

    public void OnWarmStart(int step, int totalSteps, double loss) =>
        _phase = double.IsNaN(loss)
            ? "warm start: waiting for another run computing the same one"
            : string.Create(CultureInfo.InvariantCulture, $"warm start {step}/{totalSteps} (loss {loss:F3})");

    public void OnStep(StepMetrics metrics, int totalSteps) =>
        _phase = string.Create(CultureInfo.InvariantCulture, $"step {metrics.Step}/{totalSteps}");

    public void OnEvaluation(EvaluationResult evaluation)
    {
        if (evaluation.Step == 0)
        {
            InitialAccuracy = evaluation.AverageAtK;
        }

        _phase = string.Create(CultureInfo.InvariantCulture, $"evaluated step {evaluation.Step}: avg@{evaluation.K} {evaluation.AverageAtK:F3}");
    }

    public void OnWarmStartRetried(int step, Exception error, int resumedFrom) =>
        _phase = string.Create(CultureInfo.InvariantCulture, $"warm start step {step} failed ({error.GetType().Name}); going on from step {resumedFrom}");

    public void OnResumed(int step) => _phase = string.Create(CultureInfo.InvariantCulture, $"resumed at step {step}");

    /// <summary>Checkpoints passed over when the run was opened (folder: reason), for the grain to log.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Rejected { get; } = new();

    public void OnCheckpointRejected(string directory, string reason)
    {
        Rejected.Enqueue($"{directory}: {reason}");
        _phase = $"passed over checkpoint {Path.GetFileName(directory)} ({reason})";
    }
}
