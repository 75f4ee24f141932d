namespace Orleans.Rlvr.Results.Tests;

public sealed class MeanBandTests
{
    [Fact]
    public void Across_GivesTheMeanAndTheStudentT95IntervalPerStep_CutToTheDomain()
    {
        (int, double)[] seed1 = [(1, 1.0), (2, 5.0), (3, double.NaN)];
        (int, double)[] seed2 = [(1, 3.0)];

        var band = MeanBand.Across([seed1, seed2], lower: 0);

        // Step 1: mean 2, s = √2, n = 2: half width t(0.975, 1) · √2 / √2 = 12.7062; the low side is cut at 0.
        Assert.Equal(2, band.Count);
        Assert.Equal((1, 2.0, 0.0, 2), (band[0].Step, band[0].Mean, band[0].Low, band[0].Seeds));
        Assert.Equal(14.7062, band[0].High, 4);
        // Step 2 has one seed: no width. Step 3 has no finite value: no point.
        Assert.Equal(new BandPoint(2, 5.0, 5.0, 5.0, 1), band[1]);
    }

    [Theory]
    [InlineData(new[] { 0.2, 0.6 }, double.NegativeInfinity, double.PositiveInfinity, 0.18, 0.62)]
    [InlineData(new[] { 0.1, 1.0 }, 0.0, 1.0, 0.055, 1.0)]            // accuracy: never above 1
    [InlineData(new[] { 0.0, 2.0 }, double.NegativeInfinity, double.PositiveInfinity, 0.0, 2.1)]   // no value below 0: neither is the axis
    [InlineData(new[] { -1.0, 1.0 }, double.NegativeInfinity, double.PositiveInfinity, -1.1, 1.1)]
    [InlineData(new[] { 2.0, 2.0 }, 1.0, double.PositiveInfinity, 1.9, 2.1)]       // one value: 5% of it on each side
    public void AxisRange_HoldsTheValuesWithAMarginWithinTheDomain(double[] values, double lower, double upper, double min, double max)
    {
        var (bottom, top) = MeanBand.AxisRange(values, lower, upper)!.Value;

        Assert.Equal(min, bottom, 12);
        Assert.Equal(max, top, 12);
    }

    [Fact]
    public void AxisRange_OfNoFiniteValue_IsNull() => Assert.Null(MeanBand.AxisRange([double.NaN, double.PositiveInfinity]));
}
