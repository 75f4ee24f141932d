using Orleans.Rlvr.Training.Loss;
using TorchSharp;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Loss;

public sealed class PpoTokenLossTests
{
    private static readonly PolicyLossOptions ClipHigher = new() { ClipRatioLow = 0.2, ClipRatioHigh = 0.28, ClipRatioC = 3.0 };

    [Theory]
    [InlineData(1.0, 1.0, -1.0, false, false)]    // ratio 1: −A·ρ
    [InlineData(1.0, 1.5, -1.28, true, false)]    // positive advantage, ratio above 1 + ε_high: clipped at 1.28
    [InlineData(1.0, 0.5, -0.5, false, false)]    // positive advantage, ratio below 1 − ε_low: pessimistic branch is unclipped
    [InlineData(-1.0, 0.5, 0.8, true, false)]     // negative advantage, ratio below 1 − ε_low: clipped at 0.8
    [InlineData(-1.0, 2.0, 2.0, false, false)]    // negative advantage, ratio 2: unclipped, below the dual-clip cap 3
    [InlineData(-1.0, 5.0, 3.0, false, true)]     // negative advantage, ratio 5: dual clip caps the loss at −A·c = 3
    [InlineData(2.0, 1.1, -2.2, false, false)]
    public void TokenLoss_MatchesHandComputedClippedSurrogate_AndFlagsWhichClipActed(double advantage, double ratio, double expected, bool clipped, bool dualClipped)
    {
        using var scope = NewDisposeScope();
        var oldLogp = tensor(new[,] { { -1.0 } }, ScalarType.Float64);
        var logp = oldLogp + Math.Log(ratio);
        var loss = PpoTokenLoss.Compute(logp, oldLogp, tensor(new[] { advantage }, ScalarType.Float64), ones(1, 1), ClipHigher);

        Assert.Equal(expected, loss.Values.item<double>(), 1e-12);
        Assert.Equal(clipped, loss.Clipped.item<bool>());
        Assert.Equal(dualClipped, loss.DualClipped.item<bool>());
        Assert.Equal(-Math.Log(ratio), loss.ApproxKl.item<double>(), 1e-12);
    }

    [Theory]
    [InlineData(KlEstimator.K1, 0.3)]
    [InlineData(KlEstimator.K2, 0.045)]
    [InlineData(KlEstimator.K3, 0.040818220681717866)]   // e^{-0.3} + 0.3 − 1
    public void KlTerm_AddsBetaTimesTheChosenEstimator(KlEstimator estimator, double expectedKl)
    {
        using var scope = NewDisposeScope();
        var logp = tensor(new[,] { { -1.0 } }, ScalarType.Float64);
        var refLogp = logp - 0.3;
        var options = new PolicyLossOptions { KlCoef = 0.5, KlEstimator = estimator };
        var loss = PpoTokenLoss.Compute(logp, logp, tensor(new[] { 1.0 }, ScalarType.Float64), ones(1, 1), options, refLogp);

        Assert.Equal(expectedKl, loss.ReferenceKl!.item<double>(), 1e-12);
        Assert.Equal(-1.0 + 0.5 * expectedKl, loss.Values.item<double>(), 1e-12);
    }

    [Fact]
    public void KlTerm_WithoutReferenceLogProbs_IsRefused()
    {
        using var scope = NewDisposeScope();
        var logp = zeros(1, 1, ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() =>
            PpoTokenLoss.Compute(logp, logp, zeros(1, ScalarType.Float64), ones(1, 1), new PolicyLossOptions { KlCoef = 0.1 }));
        Assert.Equal("refLogProbs", error.ParamName);
    }

    [Theory]
    [InlineData(nameof(PolicyLossOptions.ClipRatioLow), 1.0)]
    [InlineData(nameof(PolicyLossOptions.ClipRatioHigh), -0.1)]
    [InlineData(nameof(PolicyLossOptions.ClipRatioC), 1.0)]
    [InlineData(nameof(PolicyLossOptions.KlCoef), -1.0)]
    public void Options_OutOfRange_AreRefusedNamingTheField(string field, double value)
    {
        var options = field switch
        {
            nameof(PolicyLossOptions.ClipRatioLow) => new PolicyLossOptions { ClipRatioLow = value },
            nameof(PolicyLossOptions.ClipRatioHigh) => new PolicyLossOptions { ClipRatioHigh = value },
            nameof(PolicyLossOptions.ClipRatioC) => new PolicyLossOptions { ClipRatioC = value },
            _ => new PolicyLossOptions { KlCoef = value },
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());
        Assert.Equal("ppo.loss." + char.ToLowerInvariant(field[0]) + field[1..], error.ParamName);
    }

    [Fact]
    public void NaNInMaskedSlots_ReachesNeitherTheLossNorTheGradient()
    {
        using var scope = NewDisposeScope();
        var mask = tensor(new[,] { { 1.0, 1.0, 0.0 }, { 1.0, 0.0, 0.0 } });
        var raw = tensor(new[,] { { -0.5, -1.0, double.NaN }, { -2.0, double.PositiveInfinity, double.NaN } }, ScalarType.Float64);
        var logp = raw.clone().requires_grad_(true);
        var oldLogp = tensor(new[,] { { -0.6, -0.9, double.NaN }, { -2.1, double.NaN, double.NegativeInfinity } }, ScalarType.Float64);
        var tokenLoss = PpoTokenLoss.Compute(logp, oldLogp, tensor(new[] { 1.0, -1.0 }, ScalarType.Float64), mask, new PolicyLossOptions());
        var loss = AggregatedLoss.Compute(tokenLoss.Values, mask, tensor(new[] { 0.25, 0.5 }, ScalarType.Float64));
        loss.backward();

        Assert.True(double.IsFinite(loss.item<double>()));
        var grad = logp.grad!.data<double>().ToArray();
        Assert.All(grad, g => Assert.True(double.IsFinite(g)));
        Assert.Equal(0.0, grad[2]);
        Assert.Equal(0.0, grad[4]);
        Assert.Equal(0.0, grad[5]);
    }
}
