namespace Orleans.Rlvr.Runs;

/// <summary>Everything a run recorded: its status, the metrics of every step and every evaluation (step 0 first).</summary>
[GenerateSerializer, Immutable, Alias("rlvr.RunReport")]
public sealed record RunReport(
    [property: Id(0)] RunSnapshot Run,
    [property: Id(1)] IReadOnlyList<StepMetrics> Metrics,
    [property: Id(2)] IReadOnlyList<EvaluationResult> Evaluations);
