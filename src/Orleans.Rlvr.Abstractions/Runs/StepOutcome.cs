using Orleans.Rlvr.Rollouts;

namespace Orleans.Rlvr.Runs;

/// <summary>What the learner returns after applying a step: its metrics, the evaluation if one ran, and the new policy version.</summary>
[GenerateSerializer, Immutable, Alias("rlvr.StepOutcome")]
public sealed record StepOutcome(
    [property: Id(0)] StepMetrics Metrics,
    [property: Id(1)] EvaluationResult? Evaluation,
    [property: Id(2)] PolicyVersion Policy);
