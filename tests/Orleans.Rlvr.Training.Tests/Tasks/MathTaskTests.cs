using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Tasks.MathProblems;
using Parquet.Serialization;

namespace Orleans.Rlvr.Training.Tests.Tasks;

/// <summary>
/// The math task: final answers from the last \boxed{} compared by value, the dataset's worked solutions as teacher
/// responses that earn the reward, problems from the shipped JSONL file, from Parquet and from the generator, and
/// bad files refused naming the setting.
/// </summary>
public sealed class MathTaskTests : IDisposable
{
    private static readonly string ShippedFile = Path.Combine(AppContext.BaseDirectory, "data", "arithmetic-word-problems.jsonl");
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-math-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(@"so \boxed{\frac{3}{4}}.", @"\frac{3}{4}")]
    [InlineData(@"\boxed{1} then \boxed{2}", "2")]
    [InlineData(@"\boxed{2", null)]
    [InlineData("no box", null)]
    public void LastBoxed_MatchesBraces(string text, string? expected) => Assert.Equal(expected, MathAnswer.LastBoxed(text));

    [Theory]
    [InlineData("1,234", "1234", true)]
    [InlineData("0.75", @"\frac{3}{4}", true)]
    [InlineData("3/4", @"\dfrac{3}{4}", true)]
    [InlineData(@"\$5", "5", true)]
    [InlineData(@"50\%", "50", true)]
    [InlineData(@"12 \text{ apples}", "12", true)]
    [InlineData(@"\text{12}", "12", true)]
    [InlineData("x + 1", "x+1", true)]
    [InlineData("-2", "2", false)]
    [InlineData("", "", false)]
    public void Equivalent_ComparesByValueOrNormalisedText(string given, string reference, bool equal) =>
        Assert.Equal(equal, MathAnswer.Equivalent(given, reference));

    [Fact]
    public void Reference_IsTheValueAfterHashes_OrTheLastBox()
    {
        Assert.Equal("72", MathAnswer.Reference("48/2 = <<48/2=24>>24\n48+24 = 72\n#### 72"));
        Assert.Equal(@"\frac{1}{2}", MathAnswer.Reference(@"Half of it: \boxed{\frac{1}{2}}"));
        Assert.Equal("7", MathAnswer.Reference(" 7 "));
    }

    [Fact]
    public void ShippedFile_IsTheGeneratorsOutput_AndItsTeacherEarnsEveryReward()
    {
        var expected = ArithmeticWordProblems.Generate(200, 7)
            .Select(p => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["question"] = p.Question, ["answer"] = p.Answer }));
        Assert.Equal(expected, File.ReadAllLines(ShippedFile));

        var task = new MathTask(new MathOptions { File = ShippedFile });
        var prompts = task.DistinctPrompts(TaskSplit.Train).Concat(task.DistinctPrompts(TaskSplit.Test)).ToArray();

        Assert.Equal(ArithmeticWordProblems.Generate(200, 7).Select(p => p.Question).Distinct().Count(), prompts.Length);   // a repeated question is kept once
        Assert.InRange(task.DistinctPrompts(TaskSplit.Test).Count, 5, 45);
        Assert.All(prompts, p => Assert.Equal(1.0, task.Reward(p, task.TeacherResponse(p, new Random(1)))));
        Assert.All(prompts, p => Assert.Equal(0.0, task.Reward(p, @"I think \boxed{-1}.")));
        Assert.EndsWith(@"in \boxed{}.", prompts[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParquetFile_WithOtherColumnNames_IsReadLikeJsonLines()
    {
        var path = Path.Combine(_root, "problems.parquet");
        var rows = Enumerable.Range(1, 30).Select(i => new Row { problem = $"What is {i} + {i}?", solution = $"{i} + {i} = \\boxed{{{2 * i}}}" }).ToList();
        await ParquetSerializer.SerializeAsync(rows, path);

        var task = new MathTask(new MathOptions { File = path, QuestionField = "problem", AnswerField = "solution", TestFraction = 0.2 });
        var prompt = task.Prompts(TaskSplit.Train, 0, 1)[0];
        var sum = int.Parse(prompt.Text.Split(' ')[2]) * 2;

        Assert.Equal(30, task.DistinctPrompts(TaskSplit.Train).Count + task.DistinctPrompts(TaskSplit.Test).Count);
        Assert.Equal(1.0, task.Reward(prompt, $"\\boxed{{{sum}}}"));
        var error = Assert.Throws<ArgumentException>(() => new MathTask(new MathOptions { File = path }));
        Assert.Contains("task.questionField", error.Message);
    }

    [Theory]
    [InlineData("{\"q\": \"1+1\", \"answer\": \"2\"}", "task.questionField")]
    [InlineData("not json", "line 1")]
    public void BadJsonLines_AreRefusedNamingTheProblem(string line, string named)
    {
        var path = Path.Combine(_root, "bad.jsonl");
        File.WriteAllLines(path, [line, line]);

        var error = Assert.Throws<ArgumentException>(() => new MathTask(new MathOptions { File = path }));

        Assert.StartsWith("task.file", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message);
    }

    private sealed class Row
    {
        public string problem { get; set; } = "";
        public string solution { get; set; } = "";
    }
}
