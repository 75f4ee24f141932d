namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// Are a response's token scores uncorrelated? Var(g_i) ∝ L_i (the paper's model) assumes so. With
/// s_t = ∇θ log π(y_t | q, y_&lt;t), ‖Σ_t s_t‖² = Σ_t ‖s_t‖² + Σ_{t≠u} ⟨s_t, s_u⟩, so
/// <code>R = Σ_i ‖Σ_t s_{i,t}‖² / Σ_i Σ_t ‖s_{i,t}‖²</code>
/// is 1 in expectation when the cross terms vanish (R &gt; 1: tokens push the same way; R &lt; 1: they cancel). Its
/// interval is the percentile bootstrap over the measured responses.
/// </summary>
public static class TokenIndependence
{
    /// <summary>R over the pool's responses that carry token terms; null when none do.</summary>
    public static TokenIndependenceResult? Measure(GradientPool pool, int resamples, double confidenceLevel, int seed)
    {
        var terms = pool.Groups.SelectMany(g => g).Where(s => s.Tokens is not null).Select(s => s.Tokens!.Value).ToArray();
        if (terms.Length == 0)
        {
            return null;
        }

        var ratio = Ratio(terms, Enumerable.Range(0, terms.Length));
        var random = new Random(seed);
        var ratios = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            ratios[r] = Ratio(terms, Enumerable.Range(0, terms.Length).Select(_ => random.Next(terms.Length)));
        }

        var (lower, upper) = BootstrapInterval.Of(ratios, confidenceLevel);
        var perResponse = terms.Select(t => t.SumNormSquared / t.TokenNormSquaredSum).Order().ToArray();
        return new TokenIndependenceResult(terms.Length, ratio, lower, upper, confidenceLevel, BootstrapInterval.Quantile(perResponse, 0.5));
    }

    private static double Ratio(TokenScoreTerms[] terms, IEnumerable<int> picks)
    {
        double sums = 0, tokens = 0;
        foreach (var i in picks)
        {
            sums += terms[i].SumNormSquared;
            tokens += terms[i].TokenNormSquaredSum;
        }

        return sums / tokens;
    }
}

/// <summary>The token-independence test of <see cref="TokenIndependence"/>.</summary>
/// <param name="Responses">Responses whose token scores were measured.</param>
/// <param name="Ratio">R = Σ_i ‖Σ_t s_t‖² / Σ_i Σ_t ‖s_t‖² (1 when token scores are uncorrelated).</param>
/// <param name="Lower">Lower end of R's bootstrap interval.</param>
/// <param name="Upper">Upper end of R's bootstrap interval.</param>
/// <param name="ConfidenceLevel">The interval's coverage.</param>
/// <param name="MedianResponseRatio">The median over responses of ‖Σ_t s_t‖² / Σ_t ‖s_t‖².</param>
public sealed record TokenIndependenceResult(int Responses, double Ratio, double Lower, double Upper, double ConfidenceLevel, double MedianResponseRatio);
