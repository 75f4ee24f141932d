namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>
/// A loss aggregation: the weight x_i that multiplies each sequence's summed token loss Σ_t ℓ_{i,t},
/// so that the step loss is Σ_i x_i Σ_t m_{i,t}·ℓ_{i,t}. Fully masked sequences (L_i = 0) get weight 0.
/// </summary>
public interface ILossAggregation
{
    /// <summary>The registry name (<c>grpo</c>, <c>dapo</c>, <c>dr-grpo</c>, <c>delta-l</c>, <c>delta-l-auto</c>).</summary>
    string Name { get; }

    /// <summary>α for ΔL (the current estimate for <c>delta-l-auto</c>); null for the aggregations that have none.</summary>
    double? Alpha { get; }

    /// <summary>x_i for every sequence of the scope, in scope order.</summary>
    double[] Weights(AggregationScope scope);
}
