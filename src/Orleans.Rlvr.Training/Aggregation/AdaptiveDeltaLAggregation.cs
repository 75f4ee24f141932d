namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>ΔL with an estimated exponent: x_i = (1/M) · L_i^-α / Σ_j L_j^-α with α = clamp(β̂, 0, 1) from <see cref="AdaptiveAlpha"/>.</summary>
public sealed class AdaptiveDeltaLAggregation(AdaptiveAlpha estimator) : ILossAggregation
{
    public string Name => "delta-l-auto";

    /// <summary>The α the weights use now (it changes as the estimator refits).</summary>
    public double? Alpha => Estimator.Alpha;

    /// <summary>The online estimate of β that sets α.</summary>
    public AdaptiveAlpha Estimator { get; } = estimator;

    public double[] Weights(AggregationScope scope) => new DeltaLAggregation(Estimator.Alpha).Weights(scope);
}
