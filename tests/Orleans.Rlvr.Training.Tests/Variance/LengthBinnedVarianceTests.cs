using Orleans.Rlvr.Training.Variance;

namespace Orleans.Rlvr.Training.Tests.Variance;

public sealed class LengthBinnedVarianceTests
{
    [Fact]
    public void BinnedFit_DividesOutTheAdvantage_WhereThePooledFitMixesItIntoBeta()
    {
        // Var(s | L) ∝ L, but |A_i| grows like L (so ‖g_i‖² ∝ L³): the pooled fit of ‖g_i − ḡ‖² reads β ≈ 3, the binned
        // fit on s_i = g_i / A_i must read 1.
        var random = new Random(5);
        var pool = SyntheticGradients.Pool(variance: length => length, groups: 60, dimension: 64, advantage: length => (random.Next(2) == 0 ? -1 : 1) * length / 16.0);
        var gram = GradientGram.Compute(pool);

        var pooled = VarianceExponentFit.Fit(pool, gram, 200, 0.95, seed: 3);
        var binned = LengthBinnedVariance.Compute(pool, gram, bins: 6, resamples: 500, confidenceLevel: 0.95, seed: 3);

        Assert.InRange(pooled.Beta, 2.5, 3.5);
        Assert.InRange(binned.Beta, 0.85, 1.15);
        Assert.True(binned.Lower <= 1 && 1 <= binned.Upper, $"β = 1 outside [{binned.Lower:F3}, {binned.Upper:F3}]");
        Assert.Equal(6, binned.Bins.Count);
        Assert.Equal(480, binned.Bins.Sum(b => b.Responses));
        Assert.True(binned.Bins.Zip(binned.Bins.Skip(1)).All(p => p.First.MaxLength <= p.Second.MinLength), "bins must be ordered by length");
    }

    [Fact]
    public void MeanNorm_TracksAMeanThatGrowsWithLength_AndVarianceExcludesIt()
    {
        // s_i = (L_i / 8)·1 + √10·z: ‖E[s | L]‖ = (L / 8)·√D grows with L, Var(s | L) = 10·D does not (narrow bins, so
        // the mean's change within a bin adds little to its variance).
        const int dimension = 64;
        var pool = SyntheticGradients.Pool(variance: _ => 10, meanScale: length => length / 8.0, groups: 60, dimension: dimension, advantage: _ => -0.5);

        var binned = LengthBinnedVariance.Compute(pool, GradientGram.Compute(pool), bins: 16, resamples: 300, confidenceLevel: 0.95, seed: 3);

        Assert.InRange(binned.Beta, -0.2, 0.2);
        Assert.All(binned.Bins, bin =>
        {
            Assert.InRange(bin.ScoreVariance, 0.85 * 10 * dimension, 1.15 * 10 * dimension);
            var expected = bin.MeanLength / 8.0 * Math.Sqrt(dimension);
            Assert.InRange(bin.MeanNorm, 0.9 * expected, 1.1 * expected);
        });
    }

    [Fact]
    public void TooFewResponses_AreRefusedWithTheCountNeeded()
    {
        var pool = SyntheticGradients.Pool(variance: length => length, groups: 1, groupSize: 4);

        var error = Assert.Throws<InvalidOperationException>(() => LengthBinnedVariance.Compute(pool, GradientGram.Compute(pool), 6, 200, 0.95, 1));

        Assert.Contains("at least 6 responses", error.Message);
    }
}
