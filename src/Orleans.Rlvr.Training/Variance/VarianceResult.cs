namespace Orleans.Rlvr.Training.Variance;

/// <summary>What <c>rlvr variance</c> measured: the fitted exponent β of Var(g_i) ∝ L_i^β and each aggregation's estimator.</summary>
/// <param name="Exponent">β, its bootstrap interval and the fitted points.</param>
/// <param name="Binned">Var(g_i / A_i | L_i) and ‖E[g_i / A_i | L_i]‖ per length bin, and the binned β.</param>
/// <param name="Tokens">The token-independence test; null when no response's token scores were measured.</param>
/// <param name="Aggregators">One row per aggregation (ΔL once per α), all measured on the same batches.</param>
/// <param name="Responses">Responses sampled.</param>
/// <param name="NonZeroResponses">Responses with g_i ≠ 0 (A_i ≠ 0): the β fit's sample and the rows of the Gram matrix.</param>
/// <param name="Parameters">D: the length of each gradient vector.</param>
/// <param name="GroupSize">G.</param>
/// <param name="MaxResponseLength">M.</param>
/// <param name="Batches">K.</param>
/// <param name="BatchGroups">B.</param>
public sealed record VarianceResult(
    VarianceExponent Exponent,
    BinnedVariance Binned,
    TokenIndependenceResult? Tokens,
    IReadOnlyList<AggregatorVariance> Aggregators,
    int Responses,
    int NonZeroResponses,
    int Parameters,
    int GroupSize,
    int MaxResponseLength,
    int Batches,
    int BatchGroups);
