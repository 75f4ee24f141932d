namespace Orleans.Rlvr.Training.Loss;

/// <summary>One aggregation applied to a batch: its per-sequence weights x_i and the loss Σ_i x_i Σ_t m·ℓ.</summary>
public sealed record AggregationResult(string Aggregator, double? Alpha, double Loss, IReadOnlyList<double> Weights);
