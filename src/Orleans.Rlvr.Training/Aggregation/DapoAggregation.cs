namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>DAPO, batch-level ("token-mean"): x_i = 1/Σ_j L_j. Biased: the gradient scale depends on the total length.</summary>
public sealed class DapoAggregation : ILossAggregation
{
    public string Name => "dapo";

    public double? Alpha => null;

    public double[] Weights(AggregationScope scope)
    {
        var total = (double)scope.TotalTokens;
        return scope.Lengths.Select(length => length > 0 ? 1.0 / total : 0.0).ToArray();
    }
}
