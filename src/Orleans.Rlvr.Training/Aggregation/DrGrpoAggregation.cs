namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>Dr. GRPO, constant ("seq-mean-token-sum-norm"): x_i = 1/(N·M). Unbiased, but high variance.</summary>
public sealed class DrGrpoAggregation : ILossAggregation
{
    /// <summary>The registry entry: verl's name, whether it takes α, its factory.</summary>
    public static AggregationDescriptor Descriptor { get; } = new("dr-grpo", "seq-mean-token-sum-norm", TakesAlpha: false, (_, _) => new DrGrpoAggregation(), OtherAliases: ["drgrpo"]);

    public string Name => Descriptor.Name;

    public double? Alpha => null;

    public double[] Weights(AggregationScope scope)
    {
        var weight = 1.0 / ((double)scope.CountedSequences * scope.MaxLength);
        return scope.Lengths.Select(length => length > 0 ? weight : 0.0).ToArray();
    }
}
