using System.CommandLine;
using System.Text.Json;
using Orleans.Rlvr.Cli.Commands;

namespace Orleans.Rlvr.Cli.Tests.Commands;

public sealed class TaskStatsCommandTests
{
    [Fact]
    public void WarmStart_IsEvaluatedOnBothSplits_WithPassAtKBesideTheTeacher()
    {
        var (code, output, _) = Run("task-stats", "--preset", "smoke", "--set", "warmStart.steps=3", "--prompts", "20", "--warm-start", "--k", "2", "--evaluate", "5", "--json");

        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        var warm = json.GetProperty("warmStart");
        Assert.Equal(2, warm.GetProperty("k").GetInt32());
        Assert.Equal(3, warm.GetProperty("steps").GetInt32());
        foreach (var split in new[] { "train", "test" })
        {
            var result = warm.GetProperty(split);
            Assert.Equal(5, result.GetProperty("problems").GetInt32());
            Assert.InRange(result.GetProperty("averageAtK").GetDouble(), 0, result.GetProperty("passAtK").GetDouble());
        }

        Assert.True(json.TryGetProperty("teacherAccuracy", out _));
    }

    [Fact]
    public void WithoutWarmStart_NoPolicyIsTrained()
    {
        var (code, output, _) = Run("task-stats", "--preset", "smoke", "--prompts", "20", "--json");

        Assert.Equal(0, code);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(output).RootElement.GetProperty("warmStart").ValueKind);
    }

    [Theory]
    [InlineData("--k", "0")]
    [InlineData("--evaluate", "-1")]
    public void BadWarmStartSettings_AreRefusedNamingTheFlag(string flag, string value)
    {
        var (code, _, error) = Run("task-stats", "--preset", "smoke", flag, value);

        Assert.Equal(2, code);
        Assert.Contains(flag, error);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { TaskStatsCommand.Create(output, error) };
        var code = CommandLineRunner.Run(root, args, error);
        return (code, output.ToString(), error.ToString());
    }
}
