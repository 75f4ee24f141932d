namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// Var(g_i) ∝ L_i^β: β is the least-squares slope of log ‖g_i − ḡ‖² on log L_i over the responses with g_i ≠ 0, and its
/// interval the percentile bootstrap over responses (pairs resampled with replacement, ḡ held fixed).
/// </summary>
/// <remarks>
/// Why the deviation from the mean, not ‖g_i‖²: Var(g_i) = E‖g_i − E g_i‖² is what the model is about. ‖g_i‖² adds
/// ‖E g_i‖² and a cross term; the mean is a sum over L_i tokens too but grows at its own rate (up to L_i² when the
/// tokens share a direction), so fitting ‖g_i‖² would mix the mean's growth into β. ḡ is the mean over the fitted
/// responses; if E[g_i | L_i] itself changes with L_i, what remains of it counts as variance.
/// </remarks>
public static class VarianceExponentFit
{
    /// <summary>Fits β on the pool's non-zero gradients, ḡ their mean.</summary>
    public static VarianceExponent Fit(GradientPool pool, GradientGram gram, int resamples, double confidenceLevel, int seed) =>
        Fit(pool.NonZero.Select(s => s.Length).ToArray(), gram.SquaredDeviations(), resamples, confidenceLevel, seed);

    /// <summary>Fits β to (L_i, ‖g_i − ḡ‖²) pairs; pairs with L_i &lt; 1 or a non-positive deviation are left out (no logarithm).</summary>
    public static VarianceExponent Fit(IReadOnlyList<int> lengths, IReadOnlyList<double> squaredDeviations, int resamples, double confidenceLevel, int seed)
    {
        if (lengths.Count != squaredDeviations.Count)
        {
            throw new ArgumentException($"squaredDeviations: {squaredDeviations.Count} values for {lengths.Count} lengths.", nameof(squaredDeviations));
        }

        var points = Enumerable.Range(0, lengths.Count)
            .Where(i => lengths[i] >= 1 && squaredDeviations[i] > 0 && double.IsFinite(squaredDeviations[i]))
            .Select(i => new FitPoint(lengths[i], squaredDeviations[i]))
            .ToArray();
        var x = points.Select(p => Math.Log(p.Length)).ToArray();
        var y = points.Select(p => Math.Log(p.SquaredDeviation)).ToArray();
        if (points.Length < 3 || x.All(v => v == x[0]))
        {
            throw new InvalidOperationException(
                $"The β fit needs at least 3 responses with a non-zero gradient and at least two distinct lengths; got {points.Length} " +
                $"with lengths {string.Join(", ", points.Select(p => p.Length).Distinct().Take(5))}. Sample more (samples) or use a policy whose groups' rewards differ.");
        }

        var all = Enumerable.Range(0, points.Length).ToArray();
        var (beta, intercept) = LeastSquares(x, y, all);
        var random = new Random(seed);
        var betas = new List<double>(resamples);
        var picks = new int[points.Length];
        for (var attempts = 0; betas.Count < resamples; attempts++)
        {
            if (attempts >= 10 * resamples)
            {
                throw new InvalidOperationException("The β bootstrap drew too many resamples with a single length; sample more responses.");
            }

            for (var k = 0; k < picks.Length; k++)
            {
                picks[k] = random.Next(points.Length);
            }

            if (picks.Any(k => x[k] != x[picks[0]]))
            {
                betas.Add(LeastSquares(x, y, picks).Slope);
            }
        }

        var (lower, upper) = BootstrapInterval.Of(betas, confidenceLevel);
        return new VarianceExponent(beta, lower, upper, confidenceLevel, intercept, points);
    }

    /// <summary>Slope and intercept of y on x over the given indices (repeats allowed); the slope is NaN when those x are all equal.</summary>
    internal static (double Slope, double Intercept) LeastSquares(double[] x, double[] y, int[] indices)
    {
        var (meanX, meanY) = (indices.Average(i => x[i]), indices.Average(i => y[i]));
        var (sxy, sxx) = (0.0, 0.0);
        foreach (var i in indices)
        {
            sxy += (x[i] - meanX) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
        }

        var slope = sxy / sxx;
        return (slope, meanY - slope * meanX);
    }
}
