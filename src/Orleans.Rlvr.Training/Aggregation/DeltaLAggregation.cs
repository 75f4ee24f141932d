namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>ΔL: x_i = (1/M) · L_i^-α / Σ_j L_j^-α  (unbiased for every α; minimum variance at α = 1).</summary>
public sealed class DeltaLAggregation : ILossAggregation
{
    /// <summary>The registry entry: verl's name, whether it takes α, its factory.</summary>
    public static AggregationDescriptor Descriptor { get; } = new("delta-l", null, TakesAlpha: true, (options, _) => new DeltaLAggregation(options.Alpha), OtherAliases: ["delta_l", "deltal"]);

    public DeltaLAggregation(double alpha)
    {
        if (!(alpha >= 0.0 && alpha <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1].");
        }

        Alpha = alpha;
    }

    public string Name => Descriptor.Name;

    public double? Alpha { get; }

    public double[] Weights(AggregationScope scope)
    {
        var alpha = Alpha!.Value;
        var normalizer = scope.MaxLength * scope.SumOfInversePowers(alpha);
        return scope.Lengths.Select(length => length > 0 ? Math.Pow(length, -alpha) / normalizer : 0.0).ToArray();
    }
}
