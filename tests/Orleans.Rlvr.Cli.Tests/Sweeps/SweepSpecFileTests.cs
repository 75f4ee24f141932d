using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Cli.Sweeps;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Sweeps;

namespace Orleans.Rlvr.Cli.Tests.Sweeps;

public sealed class SweepSpecFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rlvr-spec-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Read_TheDocumentedExample_GivesItsFields()
    {
        var spec = SweepSpecFile.Read(Example);

        Assert.Equal("alpha-study", spec.Name);
        Assert.Equal("demo", spec.Preset);
        Assert.Equal("countdown", spec.Task);
        Assert.Equal(["grpo", "delta-l"], spec.Aggregators);
        Assert.Equal([0.5, 1.0], spec.Alphas);
        Assert.Equal([1, 2, 3], spec.Seeds);
        Assert.Equal(20, spec.Steps);
        Assert.Equal(new Dictionary<string, string> { ["learningRate"] = "1e-4", ["evalEvery"] = "5" }, spec.Overrides);
        Assert.Equal(2, spec.MaxConcurrentRuns);
    }

    [Fact]
    public void Read_TheDocumentedExample_ExpandsToTheNineRunsItsCommentPromises()
    {
        var runs = SweepPlan.Expand("alpha-study-1", SweepSpecFile.Read(Example));

        // grpo once per seed, delta-l once per α per seed: 3 + 2 · 3.
        Assert.Equal(9, runs.Count);
        Assert.Equal(3, runs.Count(r => r.Options.Aggregation.Aggregator == "grpo"));
        Assert.Equal([0.5, 0.5, 0.5, 1.0, 1.0, 1.0], runs.Where(r => r.Options.Aggregation.Aggregator == "delta-l").Select(r => r.Options.Aggregation.Alpha).Order());
        Assert.Contains(runs, r => r.RunId == "alpha-study-1/delta-l-a0.5-s3");
        Assert.All(runs, r => Assert.Equal(20, r.Options.Steps));
    }

    [Fact]
    public void Read_CommentsTrailingCommasAndAnyCase_AreAccepted()
    {
        var path = Write("""
            {
              // a line comment
              "name": "c", /* a block comment */
              "Seeds": [4, 5,],
              "MAXCONCURRENTRUNS": 3,
            }
            """);

        var spec = SweepSpecFile.Read(path);

        Assert.Equal("c", spec.Name);
        Assert.Equal([4, 5], spec.Seeds);
        Assert.Equal(3, spec.MaxConcurrentRuns);
    }

    [Fact]
    public void Read_FieldsLeftOut_KeepTheirDefaults()
    {
        var spec = SweepSpecFile.Read(Write("""{ "name": "only-a-name" }"""));

        Assert.Equal("only-a-name", spec.Name);
        Assert.Equal("smoke", spec.Preset);
        Assert.Equal("countdown", spec.Task);
        Assert.Equal(["grpo", "delta-l"], spec.Aggregators);
        Assert.Equal([1.0], spec.Alphas);
        Assert.Equal([1, 2], spec.Seeds);
        Assert.Null(spec.Steps);
        Assert.Empty(spec.Overrides);
        Assert.Equal(2, spec.MaxConcurrentRuns);
    }

    [Theory]
    [InlineData("learningRate")]
    [InlineData("seed")]
    [InlineData("alpha")]
    public void Read_UnknownField_IsRefusedByName(string field)
    {
        var path = Write($$"""{ "name": "x", "{{field}}": 1 }""");

        var error = Assert.Throws<UsageException>(() => SweepSpecFile.Read(path));

        Assert.StartsWith("--spec:", error.Message);
        Assert.Contains($"'{field}'", error.Message);
    }

    [Theory]
    [InlineData("""{ "seeds": "x" }""", "$.seeds")]
    [InlineData("""{ "steps": "twenty" }""", "$.steps")]
    [InlineData("""{ "alphas": [0.5, "one"] }""", "$.alphas[1]")]
    [InlineData("""{ "overrides": { "learningRate": 1e-4 } }""", "$.overrides.learningRate")]
    [InlineData("""{ "name": "x", "maxConcurrentRuns": 2.5 }""", "$.maxConcurrentRuns")]
    public void Read_MistypedField_IsRefusedNamingItsPathAndTheKindOfValueWanted(string json, string jsonPath)
    {
        var path = Write(json);

        var error = Assert.Throws<UsageException>(() => SweepSpecFile.Read(path));

        Assert.StartsWith("--spec:", error.Message);
        Assert.True(error.Message.Contains($"{jsonPath}: expected ", StringComparison.Ordinal) || error.Message.Contains($"{jsonPath} (line ", StringComparison.Ordinal), error.Message);
        Assert.DoesNotContain("System.", error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{ \"name\": ")]
    [InlineData("[]")]
    public void Read_NotASpecAtAll_IsRefusedNamingSpec(string json)
    {
        var path = Write(json);

        var error = Assert.Throws<UsageException>(() => SweepSpecFile.Read(path));

        Assert.StartsWith("--spec:", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Read_JsonNull_IsRefusedAsHoldingNoSpec()
    {
        var path = Write("null");

        var error = Assert.Throws<UsageException>(() => SweepSpecFile.Read(path));

        Assert.Equal($"--spec: '{path}' holds no sweep spec.", error.Message);
    }

    [Fact]
    public void Read_MissingFile_IsRefusedNamingSpecAndThePath()
    {
        var path = Path.Combine(_directory, "missing.json");

        var error = Assert.Throws<UsageException>(() => SweepSpecFile.Read(path));

        Assert.StartsWith($"--spec: cannot read '{path}'", error.Message);
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameSpec()
    {
        var spec = new SweepSpec
        {
            Name = "round-trip",
            Preset = "quick",
            Aggregators = ["dapo", "delta-l"],
            Alphas = [0.25, 0.75],
            Seeds = [7, 9],
            Steps = 11,
            Overrides = new Dictionary<string, string> { ["loss.klCoef"] = "0.01" },
            MaxConcurrentRuns = 5,
        };

        var text = SweepSpecFile.Write(spec);
        var read = SweepSpecFile.Read(Write(text));

        Assert.Contains("\"maxConcurrentRuns\": 5", text);
        Assert.Equal(spec.Name, read.Name);
        Assert.Equal(spec.Preset, read.Preset);
        Assert.Equal(spec.Task, read.Task);
        Assert.Equal(spec.Aggregators, read.Aggregators);
        Assert.Equal(spec.Alphas, read.Alphas);
        Assert.Equal(spec.Seeds, read.Seeds);
        Assert.Equal(spec.Steps, read.Steps);
        Assert.Equal(spec.Overrides, read.Overrides);
        Assert.Equal(spec.MaxConcurrentRuns, read.MaxConcurrentRuns);
    }

    private static string Example => Path.Combine(RepositoryRoot(), "docs", "examples", "sweep.json");

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Orleans.Rlvr.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Orleans.Rlvr.sln above {AppContext.BaseDirectory}");
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}

public sealed class SweepVaryTests
{
    [Fact]
    public void Vary_ExpandsEveryCombination_AppliesEachValue_AndNamesItInTheRun()
    {
        var spec = new SweepSpec
        {
            Aggregators = ["grpo"],
            Seeds = [1],
            Vary = new Dictionary<string, IReadOnlyList<string>> { ["ppo.optimizer"] = ["adamw", "sgd"], ["ppo.learningRate"] = ["1e-4", "3e-4"] },
        };

        var runs = SweepPlan.Expand("vary", spec);

        Assert.Equal(4, runs.Count);
        var run = runs.Single(r => r.RunId == "vary/grpo-optimizer-sgd-learningRate-3e-4-s1");
        Assert.Equal("sgd", run.Options.Ppo.Optimizer);
        Assert.Equal(3e-4, run.Options.Ppo.LearningRate);
        Assert.Equal("grpo-optimizer-sgd-learningRate-3e-4", run.Label);
    }

    [Theory]
    [InlineData("ppo.nothing", "sgd", "ppo.nothing")]
    [InlineData("ppo.optimizer", "lion", "ppo.optimizer")]
    public void Vary_BadPathOrValue_IsRefusedNamingVaryAndTheOption(string path, string value, string named)
    {
        var spec = new SweepSpec { Vary = new Dictionary<string, IReadOnlyList<string>> { [path] = [value] } };

        var error = Assert.ThrowsAny<ArgumentException>(() => SweepPlan.Expand("vary", spec));

        Assert.Equal("vary", error.ParamName);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vary_IsReadFromASpecFile()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rlvr-vary-").FullName, "spec.json");
        File.WriteAllText(path, """{ "vary": { "ppo.optimizer": ["adamw", "sgd"] } }""");

        var spec = SweepSpecFile.Read(path);

        Assert.Equal(["adamw", "sgd"], spec.Vary["ppo.optimizer"]);
    }
}
