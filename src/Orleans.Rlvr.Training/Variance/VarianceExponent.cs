namespace Orleans.Rlvr.Training.Variance;

/// <summary>The fitted model Var(g_i) ∝ L_i^β: log ‖g_i − ḡ‖² ≈ Intercept + β·log L_i, with β's bootstrap interval.</summary>
/// <param name="Beta">β, the least-squares slope.</param>
/// <param name="Lower">The lower end of β's percentile bootstrap interval.</param>
/// <param name="Upper">The upper end of β's percentile bootstrap interval.</param>
/// <param name="ConfidenceLevel">The interval's coverage (0.95: the 2.5% and 97.5% percentiles).</param>
/// <param name="Intercept">The fitted intercept (natural logarithms).</param>
/// <param name="Points">The fitted responses: (L_i, ‖g_i − ḡ‖²).</param>
public sealed record VarianceExponent(double Beta, double Lower, double Upper, double ConfidenceLevel, double Intercept, IReadOnlyList<FitPoint> Points);

/// <summary>One response of the β fit.</summary>
/// <param name="Length">L_i.</param>
/// <param name="SquaredDeviation">‖g_i − ḡ‖².</param>
public readonly record struct FitPoint(int Length, double SquaredDeviation);
