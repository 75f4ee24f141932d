using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Training.Tests.Engine;

public sealed class MicroBatchPlanTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void Plan_CoversEveryRowOnce_WithinTheRowLimit(int maxRows)
    {
        var random = new Random(3);
        var lengths = Enumerable.Range(0, 128).Select(_ => random.Next(20, 173)).ToArray();

        var plan = MicroBatchPlan.Plan(lengths, maxRows);

        Assert.Equal(Enumerable.Range(0, 128), plan.SelectMany(b => b).Order());
        Assert.All(plan, b => Assert.InRange(b.Length, 1, maxRows));
    }

    [Fact]
    public void Plan_GroupsSimilarLengths_SoPaddingIsSmallerThanConsecutiveSlices()
    {
        var random = new Random(4);
        var lengths = Enumerable.Range(0, 128).Select(_ => random.Next(20, 173)).ToArray();

        var plan = MicroBatchPlan.Plan(lengths, 64);
        long Padded(IEnumerable<int[]> batches) => batches.Sum(b => (long)b.Length * b.Max(i => lengths[i]));
        var slices = Enumerable.Range(0, 2).Select(k => Enumerable.Range(64 * k, 64).ToArray());

        Assert.True(Padded(plan) < 0.8 * Padded(slices), $"{Padded(plan)} padded tokens vs {Padded(slices)} for two consecutive slices");
        Assert.All(plan, b => Assert.True(b.Max(i => lengths[i]) <= 1.5 * b.Min(i => lengths[i]) + 10, "a micro-batch mixes very different lengths"));
    }

    [Fact]
    public void Plan_OfEqualLengths_UsesFullMicroBatches()
    {
        var plan = MicroBatchPlan.Plan(Enumerable.Repeat(100, 128).ToArray(), 32);

        Assert.Equal([32, 32, 32, 32], plan.Select(b => b.Length));
    }
}
