using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Tasks.Countdown;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Engine;

public sealed class GroupScorerTests
{
    private const int M = 40;
    private static readonly CountdownTask Task = new(new CountdownOptions(), M);
    private static readonly TaskPrompt Prompt = new("t/0", "7 3 2 8>31:", [7, 3, 2, 8], 31);

    [Fact]
    public void Score_RunsTheVerifier_AndComputesGrpoAdvantages()
    {
        var scorer = new GroupScorer(Task, new RunOptions { Task = Task.Options, Rollout = new RolloutOptions { MaxResponseLength = M } });
        var group = scorer.Score(Prompt, PromptEncoding.Encode(Prompt, Task.Tokenizer), [Response("#((7*3)+2)+8"), Response("#((7*3)+2)-8")]);

        Assert.Equal([1.0, 0.0], group.Rewards);
        Assert.Equal(1 / Math.Sqrt(2), group.Advantages[0], 1e-5);
        Assert.Equal(-1 / Math.Sqrt(2), group.Advantages[1], 1e-5);
        Assert.False(group.IsDegenerate);
    }

    [Fact]
    public void OverlongFilter_ExcludesTruncatedResponsesFromTheLoss()
    {
        var scorer = new GroupScorer(Task, new RunOptions { Task = Task.Options, Rollout = new RolloutOptions { MaxResponseLength = M, Overlong = OverlongMode.Filter } });
        var group = scorer.Score(Prompt, PromptEncoding.Encode(Prompt, Task.Tokenizer), [Response("#((7*3)+2)+8"), Response("1+1=2!", truncated: true)]);
        Assert.Equal([true, false], group.Included);
    }

    [Fact]
    public void OverlongZeroAdvantage_KeepsTruncatedResponsesCounted_WithAdvantageZero_OthersAsWithoutIt()
    {
        RunOptions Options(OverlongMode mode) => new() { Task = Task.Options, Rollout = new RolloutOptions { MaxResponseLength = M, Overlong = mode } };
        ResponseSample[] responses = [Response("#((7*3)+2)+8"), Response("1+1=2!", truncated: true), Response("#1")];
        var encoded = PromptEncoding.Encode(Prompt, Task.Tokenizer);

        var zeroed = new GroupScorer(Task, Options(OverlongMode.ZeroAdvantage)).Score(Prompt, encoded, responses);
        var plain = new GroupScorer(Task, Options(OverlongMode.None)).Score(Prompt, encoded, responses);

        Assert.Equal([true, true, true], zeroed.Included);
        Assert.Equal(0.0, zeroed.Advantages[1]);
        Assert.NotEqual(0.0, plain.Advantages[1]);
        Assert.Equal(plain.Advantages[0], zeroed.Advantages[0]);
        Assert.Equal(plain.Advantages[2], zeroed.Advantages[2]);
    }

    [Theory]
    [InlineData(20, false, 0.0)]      // well before M − buffer = 30
    [InlineData(35, false, -0.5)]     // halfway through the buffer
    [InlineData(40, true, -1.0)]      // truncated at M
    public void SoftOverlongPenalty_GrowsLinearlyOverTheBuffer(int length, bool truncated, double expected)
    {
        Assert.Equal(expected, OverlongPenalty.Of(length, truncated, M, buffer: 10, penalty: 1.0), 1e-12);
    }

    [Fact]
    public void AllEqualRewards_MakeADegenerateGroupWithZeroAdvantages()
    {
        var scorer = new GroupScorer(Task, new RunOptions { Task = Task.Options, Rollout = new RolloutOptions { MaxResponseLength = M } });
        var group = scorer.Score(Prompt, PromptEncoding.Encode(Prompt, Task.Tokenizer), [Response("#1"), Response("#2"), Response("#3")]);
        Assert.True(group.IsDegenerate);
        Assert.All(group.Advantages, a => Assert.Equal(0.0, a));
    }

    private static ResponseSample Response(string text, bool truncated = false)
    {
        var tokens = truncated ? Task.Tokenizer.Encode(text) : PromptEncoding.EncodeResponse(text, Task.Tokenizer);
        return new ResponseSample(tokens, new float[tokens.Length], truncated);
    }
}
