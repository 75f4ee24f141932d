namespace Orleans.Rlvr.Training.Advantages;

/// <summary>Dr. GRPO: A_i = r_i − mean(r) (no division by the standard deviation).</summary>
public sealed class DrGrpoAdvantage : IAdvantageEstimator
{
    public string Name => "dr-grpo";

    public double[] Compute(IReadOnlyList<double> groupRewards)
    {
        var stats = GroupStatistics.Of(groupRewards);
        return stats.AllEqual
            ? new double[groupRewards.Count]
            : groupRewards.Select(r => r - stats.Mean).ToArray();
    }
}
