namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>GRPO, sample-level ("seq-mean-token-mean"): x_i = 1/(N·L_i). Biased: longer responses weigh less.</summary>
public sealed class GrpoAggregation : ILossAggregation
{
    /// <summary>The registry entry: verl's name, whether it takes α, its factory.</summary>
    public static AggregationDescriptor Descriptor { get; } = new("grpo", "seq-mean-token-mean", TakesAlpha: false, (_, _) => new GrpoAggregation());

    public string Name => Descriptor.Name;

    public double? Alpha => null;

    public double[] Weights(AggregationScope scope)
    {
        var n = scope.CountedSequences;
        return scope.Lengths.Select(length => length > 0 ? 1.0 / ((double)n * length) : 0.0).ToArray();
    }
}
