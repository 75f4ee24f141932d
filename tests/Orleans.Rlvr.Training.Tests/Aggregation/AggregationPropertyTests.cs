using Orleans.Rlvr.Training.Aggregation;

namespace Orleans.Rlvr.Training.Tests.Aggregation;

public sealed class AggregationPropertyTests
{
    private const int M = 4096;

    public static TheoryData<double> Alphas => [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0];

    [Theory]
    [MemberData(nameof(Alphas))]
    public void DeltaL_WeightsSumToOneOverM_ForAnyAlpha(double alpha)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var lengths = RandomLengths(seed, count: 64);
            var sum = new DeltaLAggregation(alpha).Weights(AggregationScope.Create(lengths, M)).Sum();
            Assert.Equal(1.0 / M, sum, 1e-15);
        }
    }

    [Fact]
    public void DrGrpo_WeightsSumToOneOverM()
    {
        var lengths = RandomLengths(seed: 7, count: 64);
        Assert.Equal(1.0 / M, new DrGrpoAggregation().Weights(AggregationScope.Create(lengths, M)).Sum(), 1e-15);
    }

    [Fact]
    public void GrpoAndDapo_WeightsDependOnLengths_SoTheyAreBiased()
    {
        var shortScope = AggregationScope.Create([10, 20, 30], M);
        var longScope = AggregationScope.Create([1000, 2000, 3000], M);
        foreach (var aggregation in new ILossAggregation[] { new GrpoAggregation(), new DapoAggregation() })
        {
            var shortSum = aggregation.Weights(shortScope).Sum();
            var longSum = aggregation.Weights(longScope).Sum();
            Assert.True(shortSum > 50 * longSum, $"{aggregation.Name}: Σx {shortSum} vs {longSum} should shrink as responses grow");
        }
    }

    [Fact]
    public void DeltaL_WithAlphaZero_EqualsDrGrpo()
    {
        var scope = AggregationScope.Create(RandomLengths(seed: 3, count: 100), M);
        Assert.Equal(new DrGrpoAggregation().Weights(scope), new DeltaLAggregation(0).Weights(scope), new ToleranceComparer(1e-18));
    }

    [Fact]
    public void DeltaL_WithAlphaOne_WeighsEachResponseInProportionToOneOverLength()
    {
        var lengths = RandomLengths(seed: 5, count: 100);
        var weights = new DeltaLAggregation(1).Weights(AggregationScope.Create(lengths, M));
        var products = lengths.Zip(weights).Where(p => p.First > 0).Select(p => p.First * p.Second).ToArray();
        Assert.All(products, product => Assert.Equal(products[0], product, 1e-17));

        // Proportional to 1/L_i, as GRPO's weights are, but scaled to sum to 1/M instead of depending on lengths.
        var grpo = new GrpoAggregation().Weights(AggregationScope.Create(lengths, M));
        var ratios = weights.Zip(grpo).Where(p => p.Second > 0).Select(p => p.First / p.Second).ToArray();
        Assert.All(ratios, ratio => Assert.Equal(ratios[0], ratio, 1e-12));
    }

    [Fact]
    public void FullyMaskedSequences_GetZeroWeight_AndDoNotCountInN()
    {
        var withEmpty = AggregationScope.Create([5, 0, 7, 0], M);
        var without = AggregationScope.Create([5, 7], M);
        Assert.Equal(2, withEmpty.CountedSequences);
        foreach (var name in LossAggregations.Names)
        {
            var aggregation = LossAggregations.Create(name, 0.5);
            var a = aggregation.Weights(withEmpty);
            var b = aggregation.Weights(without);
            Assert.Equal([b[0], 0, b[1], 0], a);
        }
    }

    [Fact]
    public void ExtremeLengths_ZeroAndEightThousandOneHundredNinetyTwo_GiveFiniteWeights()
    {
        var scope = AggregationScope.Create([0, 1, 8192, 8192], 8192);
        foreach (var name in LossAggregations.Names)
        {
            Assert.All(LossAggregations.Create(name, 1).Weights(scope), w => Assert.True(double.IsFinite(w)));
        }

        var allMasked = AggregationScope.Create([0, 0], 8192);
        foreach (var name in LossAggregations.Names)
        {
            Assert.Equal([0.0, 0.0], LossAggregations.Create(name, 1).Weights(allMasked));
        }
    }

    private static int[] RandomLengths(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(0, 8) == 0 ? 0 : random.Next(1, M + 1)).ToArray();
    }
}
