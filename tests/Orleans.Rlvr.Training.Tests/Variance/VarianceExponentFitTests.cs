using Orleans.Rlvr.Training.Variance;

namespace Orleans.Rlvr.Training.Tests.Variance;

public sealed class VarianceExponentFitTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Fit_RecoversTheExponent_OfSyntheticGradientsWithVarianceProportionalToLengthToTheBeta(double beta)
    {
        var pool = SyntheticGradients.Pool(variance: length => 0.5 * Math.Pow(length, beta), groups: 50, dimension: 64);

        var fit = VarianceExponentFit.Fit(pool, GradientGram.Compute(pool), resamples: 1000, confidenceLevel: 0.95, seed: 3);

        Assert.Equal(400, fit.Points.Count);
        Assert.InRange(fit.Beta, beta - 0.05, beta + 0.05);
        Assert.True(fit.Lower <= beta && beta <= fit.Upper, $"β = {beta} outside the interval [{fit.Lower:F4}, {fit.Upper:F4}] (fit {fit.Beta:F4}).");
        Assert.True(fit.Upper - fit.Lower < 0.2, $"interval [{fit.Lower:F4}, {fit.Upper:F4}] too wide to tell exponents apart.");
    }

    [Fact]
    public void Interval_ExcludesTheWrongExponent()
    {
        // The fit can fail: the interval of a β = 1 pool must not reach 0, and that of a β = 0 pool must not reach 1.
        var linear = SyntheticGradients.Pool(variance: length => length, groups: 50, dimension: 64);
        var constant = SyntheticGradients.Pool(variance: _ => 100.0, groups: 50, dimension: 64);

        var linearFit = VarianceExponentFit.Fit(linear, GradientGram.Compute(linear), 500, 0.95, seed: 3);
        var constantFit = VarianceExponentFit.Fit(constant, GradientGram.Compute(constant), 500, 0.95, seed: 3);

        Assert.True(linearFit.Lower > 0.5, $"β = 1 pool: [{linearFit.Lower:F4}, {linearFit.Upper:F4}]");
        Assert.True(constantFit.Upper < 0.5, $"β = 0 pool: [{constantFit.Lower:F4}, {constantFit.Upper:F4}]");
    }

    [Fact]
    public void Fit_UsesTheDeviationFromTheMean_SoAConstantMeanDoesNotMoveBeta()
    {
        // A large shared mean would dominate ‖g_i‖² (β ≈ 0); ‖g_i − ḡ‖² still shows Var ∝ L.
        var pool = SyntheticGradients.Pool(variance: length => length, meanScale: _ => 200.0, groups: 50, dimension: 64);

        var fit = VarianceExponentFit.Fit(pool, GradientGram.Compute(pool), 500, 0.95, seed: 3);

        Assert.InRange(fit.Beta, 0.9, 1.1);
    }

    [Fact]
    public void Fit_IsRefused_WhenEveryLengthIsTheSame()
    {
        var error = Assert.Throws<InvalidOperationException>(() => VarianceExponentFit.Fit([10, 10, 10, 10], [1.0, 2.0, 3.0, 4.0], 200, 0.95, seed: 1));
        Assert.Contains("two distinct lengths", error.Message);
    }
}
