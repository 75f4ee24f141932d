using Orleans.Rlvr.Cli.Commands;

namespace Orleans.Rlvr.Cli.Tests.Commands;

public sealed class SeedsParsingTests
{
    [Theory]
    [InlineData("7", new[] { 7 })]
    [InlineData(" 1 ", new[] { 1 })]
    [InlineData("1-5", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("3-3", new[] { 3 })]
    [InlineData("4,7", new[] { 4, 7 })]
    [InlineData(" 9 , 2,5 ", new[] { 9, 2, 5 })]
    [InlineData("1,3,8-10", new[] { 1, 3, 8, 9, 10 })]
    public void Seeds_AreSeedsAndRanges_InTheOrderGiven(string text, int[] expected)
    {
        Assert.Equal(expected, SweepCommand.Seeds(text));
    }

    [Fact]
    public void Seeds_ASingleNumber_IsThatSeedNotACount()
    {
        Assert.Equal([16], SweepCommand.Seeds("16"));
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("1,b", "b")]
    [InlineData("1.5", "1.5")]
    [InlineData("3;4", "3;4")]
    [InlineData("-1", "-1")]
    [InlineData("1-x", "1-x")]
    public void Seeds_NotASeedOrARange_IsRefusedNamingThePart(string text, string part)
    {
        var error = Assert.Throws<UsageException>(() => SweepCommand.Seeds(text));

        Assert.StartsWith($"--seeds: '{part}' is not a seed or a range", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5-2")]
    [InlineData("0-3")]
    public void Seeds_BelowOneOrARangeBackwards_IsRefused(string text)
    {
        var error = Assert.Throws<UsageException>(() => SweepCommand.Seeds(text));

        Assert.Equal($"--seeds: '{text}' is not a seed ≥ 1 or a range from low to high.", error.Message);
    }

    [Fact]
    public void Seeds_MoreThanTheLimit_AreRefused()
    {
        var error = Assert.Throws<UsageException>(() => SweepCommand.Seeds("1-65"));

        Assert.Equal("--seeds: at most 64 seeds, got more in '1-65'.", error.Message);
    }

    [Fact]
    public void Seeds_GivenTwice_AreRefused()
    {
        var error = Assert.Throws<UsageException>(() => SweepCommand.Seeds("1-3,2"));

        Assert.Equal("--seeds: seed 2 is given twice in '1-3,2'.", error.Message);
    }
}
