namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// Var(s_i | L_i) per length bin, with the advantage divided out: s_i = g_i / A_i (at ρ = 1 the score sum
/// −Σ_t ∇θ log π(y_t | q, y_&lt;t), so A_i² no longer scales the fit). The non-zero responses are sorted by length and cut
/// into bins of equal count; in bin b of n responses
/// <code>V_b = (Σ_i ‖s_i‖² − n‖s̄_b‖²)/(n − 1)    (the trace of the covariance: E‖s − E s‖² given L in the bin)
/// m_b = Σ_{i≠j} ⟨s_i, s_j⟩ / (n(n − 1))     (an unbiased estimate of ‖E[s | L]‖²)</code>
/// and β is the least-squares slope of log V_b on log L̄_b, its interval the percentile bootstrap over responses.
/// Every term is read off the pool's Gram matrix: ⟨s_i, s_j⟩ = Γ_ij / (A_i A_j).
/// </summary>
public static class LengthBinnedVariance
{
    /// <summary>Fewest responses a bin may hold (a variance needs two; a stable one more).</summary>
    public const int MinPerBin = 3;

    /// <summary>Bins the pool's non-zero responses into <paramref name="bins"/> (fewer when too few responses) and fits β.</summary>
    public static BinnedVariance Compute(GradientPool pool, GradientGram gram, int bins, int resamples, double confidenceLevel, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        var lengths = pool.NonZero.Select(s => s.Length).ToArray();
        var advantages = pool.NonZero.Select(s => s.Advantage).ToArray();
        var m = lengths.Length;
        var binCount = Math.Min(bins, m / MinPerBin);
        if (binCount < 2 || lengths.Distinct().Count() < 2)
        {
            throw new InvalidOperationException(
                $"The length-binned fit needs at least {2 * MinPerBin} responses with a non-zero gradient and two distinct lengths; got {m}. Sample more (samples).");
        }

        var all = Enumerable.Range(0, m).ToArray();
        var result = Bins(all, lengths, advantages, gram, binCount);
        var beta = Slope(result);
        var random = new Random(seed);
        var betas = new List<double>(resamples);
        var picks = new int[m];
        for (var attempt = 0; betas.Count < resamples && attempt < 10 * resamples; attempt++)
        {
            for (var k = 0; k < m; k++)
            {
                picks[k] = random.Next(m);
            }

            var slope = Slope(Bins(picks, lengths, advantages, gram, binCount));
            if (double.IsFinite(slope))
            {
                betas.Add(slope);
            }
        }

        var (lower, upper) = BootstrapInterval.Of(betas, confidenceLevel);
        return new BinnedVariance(result, beta, lower, upper, confidenceLevel);
    }

    /// <summary>The bins of the responses <paramref name="rows"/> (repeats allowed), cut by length rank into equal counts.</summary>
    private static LengthBin[] Bins(int[] rows, int[] lengths, double[] advantages, GradientGram gram, int binCount)
    {
        var sorted = rows.OrderBy(r => lengths[r]).ThenBy(r => r).ToArray();
        var bins = new LengthBin[binCount];
        for (var b = 0; b < binCount; b++)
        {
            var start = b * sorted.Length / binCount;
            var end = (b + 1) * sorted.Length / binCount;
            var members = sorted[start..end];
            var n = members.Length;
            double squares = 0, all = 0;
            foreach (var i in members)
            {
                foreach (var j in members)
                {
                    var inner = gram[i, j] / (advantages[i] * advantages[j]);
                    all += inner;
                    if (i == j)
                    {
                        squares += inner;
                    }
                }
            }

            var variance = (squares - all / n) / (n - 1);
            var meanSquared = (all - squares) / (n * (double)(n - 1));
            bins[b] = new LengthBin(n, lengths[members[0]], lengths[members[^1]], members.Average(i => (double)lengths[i]), variance, meanSquared);
        }

        return bins;
    }

    /// <summary>Least-squares slope of log V_b on log L̄_b over the bins with V_b &gt; 0; NaN when fewer than two remain or all lengths are equal.</summary>
    private static double Slope(IReadOnlyList<LengthBin> bins)
    {
        var fitted = bins.Where(b => b.ScoreVariance > 0).ToArray();
        return fitted.Length < 2
            ? double.NaN
            : VarianceExponentFit.LeastSquares(
                fitted.Select(b => Math.Log(b.MeanLength)).ToArray(),
                fitted.Select(b => Math.Log(b.ScoreVariance)).ToArray(),
                Enumerable.Range(0, fitted.Length).ToArray()).Slope;
    }
}

/// <summary>One length bin of <see cref="LengthBinnedVariance"/>.</summary>
/// <param name="Responses">n: responses in the bin.</param>
/// <param name="MinLength">The shortest L_i in the bin.</param>
/// <param name="MaxLength">The longest L_i in the bin.</param>
/// <param name="MeanLength">L̄_b.</param>
/// <param name="ScoreVariance">V_b = E‖s − E[s | bin]‖², s_i = g_i / A_i.</param>
/// <param name="MeanNormSquared">Unbiased estimate of ‖E[s | bin]‖² (may come out below 0 by chance when it is near 0).</param>
public sealed record LengthBin(int Responses, int MinLength, int MaxLength, double MeanLength, double ScoreVariance, double MeanNormSquared)
{
    /// <summary>‖E[s | bin]‖, 0 when the estimate of its square is not positive.</summary>
    public double MeanNorm => Math.Sqrt(Math.Max(0, MeanNormSquared));
}

/// <summary>The length-binned fit Var(s | L) ∝ L^β with the advantage divided out, and its bins.</summary>
public sealed record BinnedVariance(IReadOnlyList<LengthBin> Bins, double Beta, double Lower, double Upper, double ConfidenceLevel);
