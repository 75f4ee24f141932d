namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>DAPO, batch-level ("token-mean"): x_i = 1/Σ_j L_j. Biased: the gradient scale depends on the total length.</summary>
public sealed class DapoAggregation : ILossAggregation
{
    /// <summary>The registry entry: verl's name, whether it takes α, its factory.</summary>
    public static AggregationDescriptor Descriptor { get; } = new("dapo", "token-mean", TakesAlpha: false, (_, _) => new DapoAggregation());

    public string Name => Descriptor.Name;

    public double? Alpha => null;

    public double[] Weights(AggregationScope scope)
    {
        var total = (double)scope.TotalTokens;
        return scope.Lengths.Select(length => length > 0 ? 1.0 / total : 0.0).ToArray();
    }
}
