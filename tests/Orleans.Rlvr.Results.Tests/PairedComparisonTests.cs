using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Results.Tests;

public sealed class PairedComparisonTests
{
    [Theory]
    [InlineData(0.975, 1, 12.7062)]
    [InlineData(0.975, 4, 2.7764)]
    [InlineData(0.975, 10, 2.2281)]
    [InlineData(0.975, 30, 2.0423)]
    public void StudentT_Quantiles_MatchTheTables(double q, int degrees, double expected)
    {
        Assert.Equal(expected, StudentT.Quantile(q, degrees), 3);
    }

    [Theory]
    [InlineData(2.0, 10, 0.07339)]
    [InlineData(1.0, 3, 0.39100)]
    [InlineData(0.0, 5, 1.0)]
    public void StudentT_TwoSidedP_MatchesTheTables(double t, int degrees, double expected)
    {
        Assert.Equal(expected, StudentT.TwoSidedP(t, degrees), 4);
    }

    [Fact]
    public void Compare_PairsBySeed_GivesTheMeanDifference_TInterval_Signs_AndAPValue()
    {
        // Differences by seed (A − B): +0.02, +0.04, −0.01, +0.03 → mean 0.02, s = 0.021602, t = 1.8516 on 3 df.
        var a = Group("delta-l", [0.12, 0.14, 0.09, 0.13]);
        var b = Group("dapo", [0.10, 0.10, 0.10, 0.10]);

        var c = PairedComparison.Compare(a, b, r => r.AccuracyArea)!;

        Assert.Equal([1, 2, 3, 4], c.Seeds);
        Assert.Equal(0.02, c.MeanDifference, 12);
        var half = 3.18245 * 0.0216025 / 2;
        Assert.Equal(0.02 - half, c.TLow, 4);
        Assert.Equal(0.02 + half, c.THigh, 4);
        Assert.Equal("++-+", c.Signs);
        Assert.Equal(0.161, c.P, 3);
        Assert.InRange(c.BootstrapLow, -0.01, c.MeanDifference);
        Assert.InRange(c.BootstrapHigh, c.MeanDifference, 0.04);
    }

    [Fact]
    public void Holm_MultipliesTheSmallestPByTheNumberOfTests_AndKeepsTheOrderMonotone()
    {
        PairedComparison With(double p) => new("a", "b", [1, 2], [0.1, 0.2], 0.15, 0, 0, 0, 0, p);

        var adjusted = PairedComparison.Holm([With(0.04), With(0.01), With(0.03)]);

        Assert.Equal(0.03, adjusted[1].HolmP, 12);   // smallest: 3 × 0.01
        Assert.Equal(0.06, adjusted[2].HolmP, 12);   // second: 2 × 0.03
        Assert.Equal(0.06, adjusted[0].HolmP, 12);   // largest: 1 × 0.04, raised to the 0.06 before it
    }

    [Fact]
    public void Compare_UsesOnlySeedsCompletedInBoth()
    {
        var a = Group("delta-l", [0.12, 0.14, 0.09], failedSeed: 2);
        var b = Group("dapo", [0.10, 0.10, 0.10, 0.10]);

        var c = PairedComparison.Compare(a, b, r => r.AccuracyArea)!;

        Assert.Equal([1, 3], c.Seeds);
    }

    /// <summary>A group whose seed s (1-based) has its one evaluation after step 0 at <paramref name="areas"/>[s − 1].</summary>
    private static GroupResult Group(string aggregator, double[] areas, int? failedSeed = null)
    {
        var runs = areas.Select((area, i) =>
        {
            var seed = i + 1;
            var status = seed == failedSeed ? RunStatus.Failed : RunStatus.Completed;
            var snapshot = new RunSnapshot($"s/{aggregator}-s{seed}", aggregator, null, seed, status, "", 4, 4, 0, area, 0.05, 0, null, null, "grpo", aggregator);
            var report = new RunReport(snapshot, [], [new EvaluationResult(0, 0.05, 0.05, 4, 8, 10, []), new EvaluationResult(4, area, area, 4, 8, 10, [])]);
            return RunResult.From(report);
        }).ToArray();
        return GroupResult.From(aggregator, null, null, runs);
    }
}
