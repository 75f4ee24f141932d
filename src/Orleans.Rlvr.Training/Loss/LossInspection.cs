using Orleans.Rlvr.Training.Aggregation;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Loss;

/// <summary>
/// <c>rlvr loss</c>'s engine side: applies aggregations to a given batch with the engine's own weights and loss (float64,
/// CPU), so other implementations can be cross-checked against exactly what training uses.
/// </summary>
public static class LossInspection
{
    /// <summary>
    /// The aggregations to report: the named one, or every fixed one, once per α where it takes α. An adaptive
    /// aggregation (delta-l-auto) is ΔL at a run's current estimate (α = 1 before its first fit), so the full listing
    /// leaves it to the ΔL rows.
    /// </summary>
    public static IReadOnlyList<ILossAggregation> Select(string? aggregator, IReadOnlyList<double> alphas)
    {
        return LossAggregations.CreateAll(aggregator is null ? LossAggregations.FixedNames : [aggregator], alphas, "--aggregator");
    }

    public static IReadOnlyList<AggregationResult> Compute(LossBatch batch, IReadOnlyList<ILossAggregation> aggregations)
    {
        using var scope = NewDisposeScope();
        var shape = new long[] { batch.Count, batch.Width };
        var tokenLosses = tensor(batch.TokenLosses, shape, ScalarType.Float64);   // [n, T]
        var mask = tensor(batch.Mask, shape, ScalarType.Float64);                 // [n, T]
        return aggregations.Select(aggregation =>
        {
            var weights = SequenceWeights.Compute(aggregation, batch.Lengths, batch.MaxLength);
            var loss = AggregatedLoss.Compute(tokenLosses, mask, tensor(weights, ScalarType.Float64)).item<double>();
            return new AggregationResult(aggregation.Name, aggregation.Alpha, loss, weights);
        }).ToArray();
    }
}
