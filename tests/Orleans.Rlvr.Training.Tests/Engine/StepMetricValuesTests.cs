using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Training.Tests.Engine;

public sealed class StepMetricValuesTests
{
    private static ScoredGroup Group(params int[] lengths)
    {
        var responses = lengths.Select(l => new ResponseSample(new int[l], new float[l], Truncated: false)).ToArray();
        var rewards = lengths.Select(_ => 0.0).ToArray();
        return new ScoredGroup(new PromptRef("p", "", [1]), responses, rewards, rewards, lengths.Select(_ => true).ToArray());
    }

    [Fact]
    public void GroupSpread_IsTheMedianOverGroupsOfLongestOverShortest_NotTheBatchsRange()
    {
        // Spreads 2, 3 and 8; the batch's own max/min would be 40 / 2 = 20.
        IReadOnlyList<ScoredGroup> groups = [Group(10, 20, 15), Group(2, 6, 4), Group(5, 40)];
        var values = new Dictionary<string, double>();

        StepMetricValues.AddRollouts(values, groups, new RolloutBatchStats(3, 1, 1.0), 1.0);

        Assert.Equal(3.0, values[MetricNames.ResponseLengthGroupSpread]);
        Assert.Equal(1.0, values[MetricNames.PromptLengthMean]);   // verl's prompt_length/* beside response_length/*
        Assert.Equal(values[MetricNames.ScoreMean], values[MetricNames.RewardsMean]);
        Assert.Equal(20.0, values[MetricNames.ResponseLengthMax] / values[MetricNames.ResponseLengthMin]);
    }

    [Fact]
    public void GroupSpread_OfAnEvenNumberOfGroups_AveragesTheMiddleTwo()
    {
        Assert.Equal(2.5, StepMetricValues.GroupSpread([Group(1, 2), Group(1, 3), Group(4, 4), Group(1, 9)]));
    }
}
