using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>Receives progress of a run as it happens (progress bars, logs, grain state).</summary>
public interface ITrainingObserver
{
    void OnWarmStart(int step, int totalSteps, double loss);

    void OnStep(StepMetrics metrics, int totalSteps);

    void OnEvaluation(EvaluationResult evaluation);

    void OnResumed(int step);
}
