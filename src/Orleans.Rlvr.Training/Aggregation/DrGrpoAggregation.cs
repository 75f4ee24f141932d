namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>Dr. GRPO, constant ("seq-mean-token-sum-norm"): x_i = 1/(N·M). Unbiased, but high variance.</summary>
public sealed class DrGrpoAggregation : ILossAggregation
{
    public string Name => "dr-grpo";

    public double? Alpha => null;

    public double[] Weights(AggregationScope scope)
    {
        var weight = 1.0 / ((double)scope.CountedSequences * scope.MaxLength);
        return scope.Lengths.Select(length => length > 0 ? weight : 0.0).ToArray();
    }
}
