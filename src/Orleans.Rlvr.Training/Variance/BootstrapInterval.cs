namespace Orleans.Rlvr.Training.Variance;

/// <summary>The percentile bootstrap interval the variance study reports for each of its estimates.</summary>
public static class BootstrapInterval
{
    /// <summary>The central <paramref name="confidenceLevel"/> interval of the resampled estimates (sorted here).</summary>
    public static (double Lower, double Upper) Of(IList<double> estimates, double confidenceLevel)
    {
        if (estimates.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        var sorted = estimates.Order().ToArray();
        var tail = (1 - confidenceLevel) / 2;
        return (Quantile(sorted, tail), Quantile(sorted, 1 - tail));
    }

    /// <summary>The p-quantile of sorted values, interpolating linearly between order statistics.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
