using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>The outcome of a run: accuracy before and after RL (avg@k, the paper's metric) and everything recorded.</summary>
public sealed record TrainingResult(
    double InitialAccuracy,
    double FinalAccuracy,
    double InitialGreedyAccuracy,
    double FinalGreedyAccuracy,
    int Steps,
    IReadOnlyList<StepMetrics> Metrics,
    IReadOnlyList<EvaluationResult> Evaluations,
    string CheckpointDirectory)
{
    public static TrainingResult From(RunState state, string checkpointDirectory)
    {
        var first = state.Evaluations.FirstOrDefault();
        var last = state.Evaluations.LastOrDefault();
        return new TrainingResult(
            first?.AverageAtK ?? double.NaN,
            last?.AverageAtK ?? double.NaN,
            first?.GreedyAccuracy ?? double.NaN,
            last?.GreedyAccuracy ?? double.NaN,
            state.Step,
            state.Metrics,
            state.Evaluations,
            checkpointDirectory);
    }
}
