using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Tests.Tasks;

public sealed class CountdownTaskTests
{
    private const int M = 160;
    private readonly CountdownTask _task = new(new CountdownOptions(), M);

    [Fact]
    public void Problems_AreSolvable_AndDeterministic()
    {
        var prompts = _task.Prompts(TaskSplit.Train, 0, 300);
        Assert.Equal(prompts.Select(p => p.Text), new CountdownTask(new CountdownOptions(), M).Prompts(TaskSplit.Train, 0, 300).Select(p => p.Text));
        foreach (var prompt in prompts)
        {
            Assert.InRange(prompt.Numbers.Count, 3, 4);
            var solution = CountdownChain.All(prompt.Numbers, "+-*").First(c => c.Value == prompt.Target);
            Assert.Equal(1.0, _task.Reward(prompt, "#" + solution.Expression()));
        }
    }

    [Fact]
    public void TrainAndTest_ShareNoProblem()
    {
        static string Key(TaskPrompt p) => $"{string.Join(',', p.Numbers.Order())}>{p.Target}";
        var train = _task.Prompts(TaskSplit.Train, 0, 4000).Select(Key).ToHashSet();
        var test = _task.Prompts(TaskSplit.Test, 0, 1000).Select(Key).ToHashSet();
        Assert.Empty(train.Intersect(test));
        Assert.True(test.Count > 300, $"the test split should hold many distinct problems, got {test.Count}");
    }

    [Fact]
    public void TeacherTraces_FitM_AndAreRightOnlySometimes()
    {
        var random = new Random(1);
        var prompts = _task.Prompts(TaskSplit.Train, 0, 2000);
        var correct = 0;
        foreach (var prompt in prompts)
        {
            var trace = _task.TeacherResponse(prompt, random);
            Assert.True(_task.Tokenizer.Encode(trace).Length + 1 <= M, $"trace of {trace.Length} tokens + EOS exceeds M");
            correct += _task.Reward(prompt, trace) == 1.0 ? 1 : 0;
        }

        // A random search with a budget: right often enough to imitate, wrong often enough to leave RL room.
        Assert.InRange(correct / 2000.0, 0.25, 0.75);
    }

    [Fact]
    public void TeacherLengths_VaryAtLeastFourfoldWithinAGroupOfEight()
    {
        var random = new Random(2);
        var ratios = _task.Prompts(TaskSplit.Train, 0, 300).Select(prompt =>
        {
            var lengths = Enumerable.Range(0, 8).Select(_ => _task.TeacherResponse(prompt, random).Length + 1).ToArray();
            return (double)lengths.Max() / lengths.Min();
        }).Order().ToArray();

        Assert.True(ratios[ratios.Length / 2] >= 4.0, $"median within-group max/min length ratio {ratios[ratios.Length / 2]:F2}");
    }

    [Fact]
    public void Tokenizer_RoundTripsPromptsAndTraces_AndNamesUnknownCharacters()
    {
        var prompt = _task.Prompts(TaskSplit.Test, 0, 1)[0];
        var trace = _task.TeacherResponse(prompt, new Random(4));
        var ids = _task.Tokenizer.Encode(prompt.Text + trace);
        Assert.Equal(prompt.Text + trace, _task.Tokenizer.Decode([_task.Tokenizer.BosId, .. ids, _task.Tokenizer.EosId, _task.Tokenizer.PadId]));

        var error = Assert.Throws<ArgumentException>(() => _task.Tokenizer.Encode("7x3"));
        Assert.Contains("'x' at position 1", error.Message);
    }

    [Theory]
    [InlineData(nameof(CountdownOptions.MinNumbers), 1)]
    [InlineData(nameof(CountdownOptions.TeacherErrorRate), 1.5)]
    [InlineData(nameof(CountdownOptions.TestFraction), 0.9)]
    [InlineData(nameof(CountdownOptions.MaxAttempts), 0)]
    public void Options_OutOfRange_AreRefusedNamingTheField(string field, double value)
    {
        var options = field switch
        {
            nameof(CountdownOptions.MinNumbers) => new CountdownOptions { MinNumbers = (int)value },
            nameof(CountdownOptions.TeacherErrorRate) => new CountdownOptions { TeacherErrorRate = value },
            nameof(CountdownOptions.MaxAttempts) => new CountdownOptions { MaxAttempts = (int)value },
            _ => new CountdownOptions { TestFraction = value },
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());
        Assert.Equal("task." + char.ToLowerInvariant(field[0]) + field[1..], error.ParamName);
    }
}
