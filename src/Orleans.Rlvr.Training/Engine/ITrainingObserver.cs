using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>Receives progress of a run as it happens (progress bars, logs, grain state).</summary>
public interface ITrainingObserver
{
    void OnWarmStart(int step, int totalSteps, double loss);

    void OnStep(StepMetrics metrics, int totalSteps);

    void OnEvaluation(EvaluationResult evaluation);

    void OnResumed(int step);

    /// <summary>A checkpoint newer than the one resumed from was passed over: its folder and why (corrupt, half-written, unloadable).</summary>
    void OnCheckpointRejected(string directory, string reason);

    /// <summary>A try at <paramref name="step"/> failed (a LibTorch error); the run goes on from its last checkpoint.</summary>
    void OnStepRetried(int step, Exception error, int attempt)
    {
    }

    /// <summary>Warm-start step <paramref name="step"/> failed (a LibTorch error); the warm start goes on from its snapshot taken after step <paramref name="resumedFrom"/>.</summary>
    void OnWarmStartRetried(int step, Exception error, int resumedFrom)
    {
    }
}
