namespace Orleans.Rlvr.Results;

/// <summary>One step of a curve across seeds: the mean and its 95% interval, from the <see cref="Seeds"/> seeds that have the step.</summary>
public readonly record struct BandPoint(int Step, double Mean, double Low, double High, int Seeds);

/// <summary>
/// The mean of a metric across seeds at each step with a 95% Student-t band, x̄ ± t₀.₉₇₅,ₙ₋₁ · s / √n (no width where
/// only one seed has the step), cut to the metric's domain; and the axis range that shows such curves without wasted
/// space or impossible values.
/// </summary>
public static class MeanBand
{
    /// <summary>The band of <paramref name="perSeed"/> (one series per seed; non-finite values are skipped), clamped to [<paramref name="lower"/>, <paramref name="upper"/>].</summary>
    public static IReadOnlyList<BandPoint> Across(IEnumerable<IEnumerable<(int Step, double Value)>> perSeed, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity) =>
        perSeed.SelectMany(series => series).Where(p => double.IsFinite(p.Value))
            .GroupBy(p => p.Step)
            .OrderBy(step => step.Key)
            .Select(step =>
            {
                var values = step.Select(p => p.Value).ToArray();
                var mean = values.Average();
                var half = values.Length < 2 ? 0 : StudentT.Quantile(0.975, values.Length - 1) * Statistics.SampleStd(values) / Math.Sqrt(values.Length);
                return new BandPoint(step.Key, mean, Math.Clamp(mean - half, lower, upper), Math.Clamp(mean + half, lower, upper), values.Length);
            })
            .ToArray();

    /// <summary>
    /// An axis range holding every value with 5% of the span to spare on each side, never beyond the domain
    /// [<paramref name="lower"/>, <paramref name="upper"/>], and never below 0 when no value is negative.
    /// Null when there is no finite value.
    /// </summary>
    public static (double Min, double Max)? AxisRange(IEnumerable<double> values, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length == 0)
        {
            return null;
        }

        double min = finite.Min(), max = finite.Max();
        var pad = max > min ? 0.05 * (max - min) : Math.Max(0.05 * Math.Abs(max), 1e-3);
        var floor = min >= 0 ? Math.Max(0, lower) : lower;
        return (Math.Max(min - pad, floor), Math.Min(max + pad, upper));
    }
}
