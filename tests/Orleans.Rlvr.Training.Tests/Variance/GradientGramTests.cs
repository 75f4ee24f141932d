using Orleans.Rlvr.Training.Variance;

namespace Orleans.Rlvr.Training.Tests.Variance;

public sealed class GradientGramTests
{
    [Theory]
    [InlineData(GradientGram.DefaultBlockElements)]   // one block
    [InlineData(7 * 24)]                              // 7 columns a block: 37 columns in 6 blocks, the last partial
    [InlineData(1)]                                   // one column a block
    public void Gram_EqualsThePairwiseDotProducts_HoweverTheColumnsAreBlocked(int blockElements)
    {
        var pool = SyntheticGradients.Pool(variance: length => length, groups: 4, groupSize: 6, dimension: 37, maxLength: 50, minLength: 1);

        var gram = GradientGram.Compute(pool, blockElements);

        Assert.Equal(24, gram.Size);
        for (var r = 0; r < gram.Size; r++)
        {
            for (var s = 0; s < gram.Size; s++)
            {
                var (a, b) = (pool.NonZero[r].Gradient!, pool.NonZero[s].Gradient!);
                var dot = a.Select((v, d) => (double)v * b[d]).Sum();
                Assert.Equal(dot, gram[r, s], Math.Abs(dot) * 1e-12 + 1e-12);
            }
        }
    }

    [Fact]
    public void ZeroGradients_HaveNoRow()
    {
        var pool = GradientPool.Create(
            [[new GradientSample(3, 1.0, [1f, 2f]), new GradientSample(5, 0.0, null)], [new GradientSample(0, 1.0, null), new GradientSample(2, -1.0, [3f, 4f])]],
            maxResponseLength: 8);

        var gram = GradientGram.Compute(pool);

        Assert.Equal(2, gram.Size);
        Assert.Equal(11.0, gram[0, 1]);
        Assert.Equal((0, -1, -1, 1), (pool.Row(0, 0), pool.Row(0, 1), pool.Row(1, 0), pool.Row(1, 1)));
        Assert.Equal(4, pool.Responses);
        Assert.Equal(3, pool.CountedResponses);
    }
}
