namespace Orleans.Rlvr.Training.Variance;

/// <summary>One aggregation's batch-gradient estimator ĝ = Σ_i x_i g_i, measured over the study's batches.</summary>
/// <param name="Aggregator">The registry name.</param>
/// <param name="Alpha">α for delta-l; null otherwise.</param>
/// <param name="Variance">E‖ĝ − E ĝ‖²: the mean over batches of the squared distance to the batches' mean ĝ.</param>
/// <param name="Cv">Coefficient of variation √Variance / ‖E ĝ‖ (scale-free, so aggregations with different scales compare).</param>
/// <param name="Bias">Relative bias ‖E ĝ − ḡ/M‖ / ‖ḡ/M‖ against Dr. GRPO's expectation ḡ/M (ḡ: the pool's mean g_i); scale and direction.</param>
/// <param name="DirectionBias">1 − cos(E ĝ, ḡ): the part of the bias no learning rate can absorb.</param>
/// <param name="BiasNoise">
/// The bias a pool of this size shows by chance when E[g_i | L_i] is the same for every length:
/// √(Σ_i (e_i − t_i)²·‖g_i − ḡ‖²) / ‖ḡ/M‖, with e_i and t_i the weights of E ĝ and of ḡ/M on g_i. Any weighting other
/// than Dr. GRPO's averages the pool's noise differently from ḡ, so a Bias within about twice this is not a measured bias.
/// </param>
/// <param name="MeanNorm">‖E ĝ‖.</param>
public sealed record AggregatorVariance(string Aggregator, double? Alpha, double Variance, double Cv, double Bias, double BiasNoise, double DirectionBias, double MeanNorm)
{
    /// <summary>"grpo", "delta-l α=0.5".</summary>
    public string Label => Alpha is { } alpha ? FormattableString.Invariant($"{Aggregator} α={alpha:0.###}") : Aggregator;
}
