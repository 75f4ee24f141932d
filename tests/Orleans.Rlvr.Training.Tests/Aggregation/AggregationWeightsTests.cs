using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Aggregation;

public sealed class AggregationWeightsTests
{
    // Lengths 2, 4, 0 (fully masked), 6 with M = 8: N = 3, Σ L = 12.
    private static readonly int[] Lengths = [2, 4, 0, 6];
    private const int M = 8;

    [Fact]
    public void Grpo_WeighsEachSequenceByOneOverNTimesItsLength()
    {
        AssertWeights(new GrpoAggregation(), [1.0 / 6, 1.0 / 12, 0, 1.0 / 18]);
    }

    [Fact]
    public void Dapo_WeighsEveryTokenByOneOverTotalTokens()
    {
        AssertWeights(new DapoAggregation(), [1.0 / 12, 1.0 / 12, 0, 1.0 / 12]);
    }

    [Fact]
    public void DapoMicroBatch_TakesTheTokenMeanOfEachChunkOfConsecutiveSequences_ThenAveragesTheChunks()
    {
        // Chunks of 2: [2, 4] with 6 tokens and [0, 6] with 6; K = 2, so x = 1/(2·6) for every counted sequence.
        AssertWeights(new DapoMicroBatchAggregation(2), [1.0 / 12, 1.0 / 12, 0, 1.0 / 12]);

        // Chunks of 3: [2, 4, 0] with 6 tokens and [6] with 6 — the same here; chunks of 1: x_i = 1/(N_chunks · L_i).
        AssertWeights(new DapoMicroBatchAggregation(1), [1.0 / 8, 1.0 / 16, 0, 1.0 / 24]);
    }

    [Fact]
    public void DapoMicroBatch_IsInTheRegistry_WithItsChunkSizeFromTheOptions()
    {
        var aggregation = LossAggregations.Create(new AggregationOptions { Aggregator = "dapo-microbatch", MicroBatchSequences = 1 }, seed: 1);

        Assert.Equal([1.0 / 8, 1.0 / 16, 0, 1.0 / 24], aggregation.Weights(AggregationScope.Create(Lengths, M)));
    }

    [Fact]
    public void DrGrpo_WeighsEverySequenceByOneOverNTimesM()
    {
        AssertWeights(new DrGrpoAggregation(), [1.0 / 24, 1.0 / 24, 0, 1.0 / 24]);
    }

    [Fact]
    public void DeltaL_WithAlphaOne_MatchesHandComputedWeights()
    {
        // Σ 1/L = 1/2 + 1/4 + 1/6 = 11/12, so x_i = (1/8)(1/L_i)(12/11).
        AssertWeights(new DeltaLAggregation(1.0), [3.0 / 44, 3.0 / 88, 0, 1.0 / 44]);
    }

    [Fact]
    public void DeltaL_WithAlphaHalf_MatchesHandComputedWeights()
    {
        var sum = 1 / Math.Sqrt(2) + 1 / Math.Sqrt(4) + 1 / Math.Sqrt(6);
        AssertWeights(
            new DeltaLAggregation(0.5),
            [1 / Math.Sqrt(2) / (M * sum), 0.5 / (M * sum), 0, 1 / Math.Sqrt(6) / (M * sum)]);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void DeltaL_WithAlphaOutsideUnitInterval_IsRefusedNamingAlpha(double alpha)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DeltaLAggregation(alpha));
        Assert.Equal("alpha", error.ParamName);
        Assert.Contains("[0, 1]", error.Message);
    }

    [Fact]
    public void Scope_WithLengthAboveMaxLength_IsRefusedNamingTheSequence()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AggregationScope.Create([3, 9], M));
        Assert.Contains("lengths[1] = 9", error.Message);
        Assert.Contains("maxLength = 8", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void Scope_WithNonPositiveMaxLength_IsRefused(int maxLength)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AggregationScope.Create([1], maxLength));
        Assert.Equal("maxLength", error.ParamName);
    }

    [Fact]
    public void Registry_AcceptsVerlNamesAsAliases()
    {
        Assert.IsType<GrpoAggregation>(LossAggregations.Create("seq-mean-token-mean"));
        Assert.IsType<DapoAggregation>(LossAggregations.Create("token-mean"));
        Assert.IsType<DrGrpoAggregation>(LossAggregations.Create("seq-mean-token-sum-norm"));
        Assert.Equal(0.75, LossAggregations.Create("delta-l", 0.75).Alpha);
    }

    [Fact]
    public void Registry_MissListsTheValidNames()
    {
        var error = Assert.Throws<ArgumentException>(() => LossAggregations.Create("token-sum"));
        Assert.Contains("grpo, dapo, dr-grpo, delta-l", error.Message);
    }

    [Fact]
    public void GroupScope_WeighsEachGroupAmongItselfThenAveragesTheGroups()
    {
        // Group 0: lengths 2, 4; group 1: lengths 6, 0. Dr. GRPO within a group: 1/(N_g·M); two groups.
        var weights = SequenceWeights.Compute(new DrGrpoAggregation(), Lengths, M, ScopeKind.Group, [0, 0, 1, 1]);
        Assert.Equal([1.0 / 32, 1.0 / 32, 0, 1.0 / 16], weights, new ToleranceComparer(1e-15));
    }

    private static void AssertWeights(ILossAggregation aggregation, double[] expected)
    {
        var weights = SequenceWeights.Compute(aggregation, Lengths, M);
        Assert.Equal(expected, weights, new ToleranceComparer(1e-15));
    }
}
