using Orleans.Rlvr.Training.Advantages;

namespace Orleans.Rlvr.Training.Tests.Advantages;

public sealed class AdvantageEstimatorTests
{
    [Fact]
    public void Grpo_NormalizesByTheSampleStandardDeviation()
    {
        // rewards 1, 0, 0, 1: mean 0.5, sample std √(4·0.25/3) = √(1/3).
        var advantages = new GrpoAdvantage().Compute([1, 0, 0, 1]);
        var expected = 0.5 / (Math.Sqrt(1.0 / 3) + 1e-6);
        Assert.Equal([expected, -expected, -expected, expected], advantages, new ToleranceComparer(1e-12));
    }

    [Fact]
    public void DrGrpo_OnlySubtractsTheMean()
    {
        Assert.Equal([0.75, -0.25, -0.25, -0.25], new DrGrpoAdvantage().Compute([1, 0, 0, 0]), new ToleranceComparer(1e-15));
    }

    [Theory]
    [InlineData("grpo")]
    [InlineData("dr-grpo")]
    public void AllEqualRewards_GiveExactlyZero(string name)
    {
        var estimator = AdvantageEstimators.Get(name);
        Assert.Equal([0.0, 0.0, 0.0], estimator.Compute([0.1, 0.1, 0.1]));
        Assert.Equal([0.0, 0.0], estimator.Compute([1, 1]));
    }

    [Fact]
    public void NonFiniteReward_IsRefusedNamingItsIndex()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GrpoAdvantage().Compute([1, double.NaN]));
        Assert.Contains("rewards[1]", error.Message);
    }

    [Fact]
    public void UnknownEstimator_ListsTheValidNames()
    {
        var error = Assert.Throws<ArgumentException>(() => AdvantageEstimators.Get("rloo"));
        Assert.Contains("grpo, dr-grpo", error.Message);
    }
}
