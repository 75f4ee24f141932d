using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Tests.Tasks;

public sealed class CountdownVerifierTests
{
    private static readonly int[] Numbers = [7, 3, 2, 8];
    private const int Target = 31;   // ((7*3)+2)+8
    private readonly CountdownVerifier _verifier = new();

    [Theory]
    [InlineData("#((7*3)+2)+8")]
    [InlineData("7*3=21,21+2=23,23+8=31.#((7*3)+2)+8")]
    [InlineData("1+1=2!#8+2+7*3")]
    [InlineData("#8+(2+(7*(3)))")]
    public void CorrectAnswers_GetOne(string response)
    {
        Assert.Equal(1.0, _verifier.Reward(Numbers, Target, response));
    }

    [Theory]
    [InlineData("#((7*3)+2)-8", "wrong value")]
    [InlineData("#((7*3)+3)+8", "a number used twice, one missing")]
    [InlineData("#(7*3)+2", "a number missing")]
    [InlineData("#((7*3)+2)+8+0", "an extra number")]
    [InlineData("#((7*3)+2)+8/0", "division by zero")]
    [InlineData("#7/2*3+8", "a non-integer result")]
    [InlineData("#((7*3)+2)+8)", "unbalanced parenthesis")]
    [InlineData("((7*3)+2)+8", "no answer marker")]
    [InlineData("#", "empty answer")]
    [InlineData("#((((((((((((((((((((((((((((((((((((7", "deep nesting")]
    [InlineData("#99999999999*99999999999", "huge numbers")]
    [InlineData("##+*/", "garbage")]
    public void BadAnswers_GetZero(string response, string why)
    {
        Assert.True(_verifier.Reward(Numbers, Target, response) == 0.0, why);
    }

    [Fact]
    public void NonIntegerIntermediate_IsExactWhenTheResultIsTheTarget()
    {
        // 7/2 = 3.5, × 8 = 28, + 3 = 31: exact rational arithmetic accepts it.
        Assert.Equal(1.0, _verifier.Reward(Numbers, Target, "#7/2*8+3"));
    }

    [Fact]
    public void FormatReward_IsGivenToWellFormedWrongAnswersOnly()
    {
        var verifier = new CountdownVerifier(formatReward: 0.1);
        Assert.Equal(0.1, verifier.Reward(Numbers, Target, "#((7*3)+2)-8"));
        Assert.Equal(0.0, verifier.Reward(Numbers, Target, "#garbage"));
        Assert.Equal(1.0, verifier.Reward(Numbers, Target, "#((7*3)+2)+8"));
    }

    [Fact]
    public void RandomStrings_NeverThrow()
    {
        var random = new Random(3);
        const string alphabet = "0123456789+-*/()=,.!#";
        for (var i = 0; i < 2000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var reward = _verifier.Reward(Numbers, Target, text);
            Assert.InRange(reward, 0.0, 1.0);
        }
    }
}
