using Orleans.Rlvr.Training.Variance;

namespace Orleans.Rlvr.Training.Tests.Variance;

public sealed class TokenIndependenceTests
{
    [Fact]
    public void Ratio_IsTheSumOfSquaredScoreSums_OverTheSumOfSquaredTokenScores()
    {
        var pool = Pool(new TokenScoreTerms(30, 10), new TokenScoreTerms(10, 10), null);

        var result = TokenIndependence.Measure(pool, resamples: 500, confidenceLevel: 0.95, seed: 1)!;

        Assert.Equal(2, result.Responses);
        Assert.Equal(2.0, result.Ratio, 12);
        Assert.InRange(result.Lower, 1.0, 2.0);
        Assert.InRange(result.Upper, 2.0, 3.0);
    }

    [Fact]
    public void NoMeasuredResponse_GivesNoResult()
    {
        Assert.Null(TokenIndependence.Measure(Pool(null, null), 200, 0.95, 1));
    }

    private static GradientPool Pool(params TokenScoreTerms?[] terms) =>
        GradientPool.Create([terms.Select((t, i) => new GradientSample(4 + i, 1, [1f, (float)i], t)).ToArray()], maxResponseLength: 16);
}
