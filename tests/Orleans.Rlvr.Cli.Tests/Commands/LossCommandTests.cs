using System.CommandLine;
using System.Text.Json;
using Orleans.Rlvr.Cli.Commands;

namespace Orleans.Rlvr.Cli.Tests.Commands;

public sealed class LossCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rlvr-loss-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Json_WithoutAggregator_ReportsEveryBatchAggregationWithDeltaLOncePerAlpha()
    {
        var (code, output, _) = Run("loss", "--input", Example, "--alpha", "0.5,1", "--json");

        Assert.Equal(0, code);
        var results = JsonDocument.Parse(output).RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(["grpo", "dapo", "dr-grpo", "delta-l", "delta-l", "dapo-microbatch"], results.Select(r => r.GetProperty("aggregator").GetString()));
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("alpha").ValueKind);
        Assert.Equal([0.5, 1.0], results.Skip(3).Take(2).Select(r => r.GetProperty("alpha").GetDouble()));
        Assert.All(results, r => Assert.Equal(4, r.GetProperty("weights").GetArrayLength()));
    }

    [Fact]
    public void Json_ForTheExampleBatch_GivesHandComputedDrGrpoLoss()
    {
        // Lengths 8, 2, 5, 3 (NaN sits in a masked slot); M = 8, N = 4; Dr. GRPO: Σ_i Σ_t ℓ / (N·M).
        var (code, output, _) = Run("loss", "--input", Example, "--aggregator", "seq-mean-token-sum-norm", "--json");

        Assert.Equal(0, code);
        var result = JsonDocument.Parse(output).RootElement.GetProperty("results")[0];
        var sums = 1.2 + 1.8 - 2.0 + 1.3;
        Assert.Equal("dr-grpo", result.GetProperty("aggregator").GetString());
        Assert.Equal(sums / 32, result.GetProperty("loss").GetDouble(), 1e-12);
    }

    [Fact]
    public void Table_ShowsEveryAggregatorAndTheUnbiasednessColumn()
    {
        var (code, output, _) = Run("loss", "--input", Example, "--alpha", "0.75");

        Assert.Equal(0, code);
        Assert.Contains("delta-l", output);
        Assert.Contains("dr-grpo", output);
        Assert.Contains("0.75", output);
        Assert.Contains("Σ x_i · M", output);
    }

    [Theory]
    [InlineData("{\"maxLength\": 0, \"tokenLosses\": [[1]]}", "maxLength")]
    [InlineData("{\"maxLength\": 4, \"tokenLosses\": [[1, 2]], \"mask\": [[1]]}", "mask[0]")]
    [InlineData("{\"maxLength\": 4, \"tokenLosses\": [[1, 2]], \"mask\": [[1, 1], [1]]}", "mask")]
    [InlineData("{\"maxLength\": 4, \"tokenLosses\": [[1, 2]], \"mask\": [[1, 2]]}", "mask[0][1]")]
    [InlineData("{\"maxLength\": 2, \"tokenLosses\": [[1, 2, 3]]}", "tokenLosses[0]")]
    [InlineData("{\"maxLength\": 2, \"tokenLosses\": []}", "tokenLosses")]
    [InlineData("{\"maxLength\": 2, \"tokenLosses\": [[\"NaN\"]]}", "tokenLosses[0][0]")]
    [InlineData("not json", "--input")]
    public void BadBatch_ExitsWithTwoAndNamesTheField(string json, string field)
    {
        var path = Path.Combine(_directory, "batch.json");
        File.WriteAllText(path, json);

        var (code, _, error) = Run("loss", "--input", path);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {field}", error);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("abc")]
    public void AlphaOutsideUnitInterval_ExitsWithTwo(string alpha)
    {
        var (code, _, error) = Run("loss", "--input", Example, "--alpha", alpha);
        Assert.Equal(2, code);
        Assert.Contains("--alpha", error);
    }

    [Fact]
    public void UnknownAggregator_ExitsWithTwoAndListsTheValidNames()
    {
        var (code, _, error) = Run("loss", "--input", Example, "--aggregator", "token-sum");
        Assert.Equal(2, code);
        Assert.Contains("grpo, dapo, dr-grpo, delta-l", error);
    }

    [Fact]
    public void UnreadableFile_ExitsWithTwo()
    {
        var (code, _, error) = Run("loss", "--input", Path.Combine(_directory, "missing.json"));
        Assert.Equal(2, code);
        Assert.Contains("--input", error);
    }

    [Fact]
    public void MissingInputOption_ExitsWithTwo()
    {
        var (code, _, _) = Run("loss");
        Assert.Equal(2, code);
    }

    private static string Example => Path.Combine(AppContext.BaseDirectory, "examples", "loss-batch.json");

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { LossCommand.Create(output, error) };
        var code = CommandLineRunner.Run(root, args, error);
        return (code, output.ToString(), error.ToString());
    }
}
