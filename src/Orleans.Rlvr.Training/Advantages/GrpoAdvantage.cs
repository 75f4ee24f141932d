namespace Orleans.Rlvr.Training.Advantages;

/// <summary>GRPO: A_i = (r_i − mean(r)) / (std(r) + 1e-6); a group whose rewards are all equal gives A_i = 0.</summary>
public sealed class GrpoAdvantage : IAdvantageEstimator
{
    /// <summary>The ε added to the standard deviation.</summary>
    public const double Epsilon = 1e-6;

    public string Name => "grpo";

    public double[] Compute(IReadOnlyList<double> groupRewards)
    {
        var stats = GroupStatistics.Of(groupRewards);
        return stats.AllEqual
            ? new double[groupRewards.Count]
            : groupRewards.Select(r => (r - stats.Mean) / (stats.Std + Epsilon)).ToArray();
    }
}
