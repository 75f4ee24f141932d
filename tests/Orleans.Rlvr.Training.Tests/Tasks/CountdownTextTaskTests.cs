using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Tasks.Countdown;
using Orleans.Rlvr.Training.Tasks.CountdownText;

namespace Orleans.Rlvr.Training.Tests.Tasks;

/// <summary>
/// countdown-text: the same problems and verifier as CountDown in natural language with think/answer tags — a teacher
/// response scores exactly as its compact trace does, spaces inside the answer do not matter, a response without a
/// complete answer block scores 0, and the teacher's responses fit M in bytes.
/// </summary>
public sealed class CountdownTextTaskTests
{
    private static readonly CountdownTextOptions Options = new(CountdownTask.Preset("small"));

    [Fact]
    public void TeacherResponses_ScoreAsTheirCompactTraces_AndFitM()
    {
        var text = new CountdownTextTask(Options, 160);
        var compact = new CountdownTask(Options, 160 - CountdownTextFormat.Overhead - 1);
        var (a, b) = (new Random(3), new Random(3));
        var prompts = text.Prompts(TaskSplit.Train, 0, 200);
        var compactPrompts = compact.Prompts(TaskSplit.Train, 0, 200);

        var rewards = prompts.Zip(compactPrompts, (p, c) => (Text: text.Reward(p, text.TeacherResponse(p, a)), Compact: compact.Reward(c, compact.TeacherResponse(c, b)))).ToArray();

        Assert.All(rewards, r => Assert.Equal(r.Compact, r.Text));
        Assert.InRange(rewards.Count(r => r.Text == 1.0), 40, 160);
        var byteTokens = new ByteTokenizer();
        Assert.All(prompts, p => Assert.True(byteTokens.Encode(text.TeacherResponse(p, a)).Length + 1 <= 160));
        Assert.StartsWith("Reach ", prompts[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<think>9-2=7.</think>\n<answer> 9 - 2 </answer>", 1.0)]
    [InlineData("<answer>9-2</answer>", 1.0)]
    [InlineData("<think>9-2=7.</think><answer>9+2</answer>", 0.0)]
    [InlineData("<think>9-2=7.</think>9-2", 0.0)]
    [InlineData("<answer>9-2", 0.0)]
    public void Answers_AreVerifiedFromTheLastAnswerBlock(string response, double reward)
    {
        var task = new CountdownTextTask(new CountdownTextOptions(), 128);
        var prompt = new TaskPrompt("t", CountdownTextFormat.Prompt([9, 2], 7, "+-"), [9, 2], 7);

        Assert.Equal(reward, task.Reward(prompt, response));
    }
}
