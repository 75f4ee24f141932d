using Orleans.Rlvr.Cli.Commands;

namespace Orleans.Rlvr.Cli.Tests.Commands;

public sealed class SeedsParsingTests
{
    [Fact]
    public void Seeds_WithACount_ExpandsToOneThroughN()
    {
        Assert.Equal([1, 2, 3], SweepCommand.Seeds("3"));
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("64", 64)]
    [InlineData(" 5 ", 5)]
    public void Seeds_WithACountAtOrInsideTheBounds_ExpandsToOneThroughN(string text, int count)
    {
        Assert.Equal(Enumerable.Range(1, count), SweepCommand.Seeds(text));
    }

    [Fact]
    public void Seeds_WithAList_KeepsItsSeedsInOrder()
    {
        Assert.Equal([4, 7], SweepCommand.Seeds("4,7"));
        Assert.Equal([9, 2, 5], SweepCommand.Seeds(" 9 , 2,5 "));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-1")]
    public void Seeds_CountOutsideOneTo64_IsRefused(string text)
    {
        var error = Assert.Throws<UsageException>(() => SweepCommand.Seeds(text));

        Assert.Equal($"--seeds: a count must be in [1, 64], got {text}.", error.Message);
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("1,b", "b")]
    [InlineData("1.5", "1.5")]
    [InlineData("3;4", "3;4")]
    public void Seeds_NotAnInteger_IsRefusedNamingSeeds(string text, string part)
    {
        var error = Assert.Throws<UsageException>(() => SweepCommand.Seeds(text));

        Assert.StartsWith($"--seeds: '{part}' is not an integer", error.Message);
    }
}
