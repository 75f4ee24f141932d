namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// One response's per-sample gradient g_i = ∇θ Σ_t ℓ_{i,t} (summed over its counted tokens, not length-normalized),
/// flattened over every policy parameter.
/// </summary>
/// <param name="Length">L_i: the counted tokens (0 when the response is excluded from the loss).</param>
/// <param name="Advantage">A_i.</param>
/// <param name="Gradient">g_i; null when it is exactly zero (A_i = 0 or L_i = 0), so no vector is stored for it.</param>
/// <param name="Tokens">The response's token-score terms for the independence test, when they were measured for it.</param>
public sealed record GradientSample(int Length, double Advantage, float[]? Gradient, TokenScoreTerms? Tokens = null)
{
    /// <summary>Whether g_i is the zero vector (nothing stored).</summary>
    public bool IsZero => Gradient is null;
}

/// <summary>
/// One response's token scores s_t = ∇θ log π(y_t | q, y_&lt;t) reduced to the two sums the independence test compares:
/// ‖Σ_t s_t‖² and Σ_t ‖s_t‖² (equal in expectation when the token scores are uncorrelated).
/// </summary>
/// <param name="SumNormSquared">‖Σ_t s_t‖².</param>
/// <param name="TokenNormSquaredSum">Σ_t ‖s_t‖².</param>
public readonly record struct TokenScoreTerms(double SumNormSquared, double TokenNormSquaredSum);
