using System.Text.Json;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Tests.Engine;

public sealed class RunOptionsTests
{
    private static RunOptions Smoke => TrainingPresets.Get("smoke");

    private static RunOptions Set(params string[] overrides) =>
        TrainingOverrides.Apply(Smoke, overrides.Select(o => TrainingOverrides.Parse(o)));

    [Fact]
    public void Override_ByFullPath_UniqueEnding_EarlierName_OrTaskName_SetsTheSameOption()
    {
        Assert.Equal(0.01, Set("ppo.loss.klCoef=0.01").Ppo.Loss.KlCoef);
        Assert.Equal(0.01, Set("klCoef=0.01").Ppo.Loss.KlCoef);
        Assert.Equal(0.01, Set("loss.klCoef=0.01").Ppo.Loss.KlCoef);
        Assert.Equal(2e-4, Set("learningRate=2e-4").Ppo.LearningRate);
        Assert.Equal(7, Set("evalEvery=7").Evaluation.Every);
        Assert.Equal(6, ((CountdownOptions)Set("countdown.maxOperand=6").Task).MaxOperand);
        Assert.Equal(6, ((CountdownOptions)Set("task.maxOperand=6").Task).MaxOperand);
        Assert.Equal(OverlongMode.SoftPenalty, Set("overlong=soft-penalty").Rollout.Overlong);
    }

    [Fact]
    public void Override_Null_UnsetsAnOptionalValue_SoEachRunSeedTrainsItsOwnWarmStart()
    {
        var fixedSeed = TrainingPresets.Get("reference");
        var perSeed = TrainingOverrides.Apply(fixedSeed with { Seed = 3 }, [TrainingOverrides.Parse("warmStart.seed=null")]);

        Assert.Equal(1, fixedSeed.WarmStart.SeedFor(3));
        Assert.Null(perSeed.WarmStart.Seed);
        Assert.Equal(3, perSeed.WarmStart.SeedFor(perSeed.Seed));
        Assert.NotEqual(WarmStartCache.Key(fixedSeed with { Seed = 3 }), WarmStartCache.Key(perSeed));
    }

    [Fact]
    public void Override_AmbiguousEnding_IsRefusedListingTheFullPaths()
    {
        var error = Assert.Throws<ArgumentException>(() => Set("every=3"));

        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
        Assert.Contains("evaluation.every, checkpointing.every", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("learningRat=1e-4", "unknown option 'learningRat'")]
    [InlineData("ppo=1", "is a group of options")]
    [InlineData("task.name=other", "choose a task with --task")]
    [InlineData("rollout.groupSize=eight", "'rollout.groupSize' must be an integer (got \"eight\")")]
    [InlineData("warmStart.seed=abc", "'warmStart.seed' must be an integer (got \"abc\")")]
    [InlineData("ppo.learningRate=fast", "'ppo.learningRate' must be a number")]
    [InlineData("rollout.groupSize=null", "'rollout.groupSize' must be an integer (got null)")]
    [InlineData("task.operators=null", "'task.operators' must be a value, not null (only optional values can be unset)")]
    [InlineData("rollout.dynamicSampling=maybe", "'rollout.dynamicSampling' must be true or false (got \"maybe\")")]
    [InlineData("rollout.groupSize=1", "rollout.groupSize must be in [2, 1024]")]
    public void Override_BadPathOrValue_IsRefusedNamingIt(string argument, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Set(argument));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_MakesVerlNamesCanonical_AndNamesUnknownOnes()
    {
        var verl = RunOptionsValidation.Validate(Smoke with { Aggregation = new AggregationOptions { Aggregator = "token-mean", Advantages = "DR-GRPO" } });
        var unknown = Assert.Throws<ArgumentException>(() => RunOptionsValidation.Validate(Smoke with { Aggregation = new AggregationOptions { Advantages = "rloo" } }));

        Assert.Equal("dapo", verl.Aggregation.Aggregator);
        Assert.Equal("dr-grpo", verl.Aggregation.Advantages);
        Assert.Equal("aggregation.advantages", unknown.ParamName);
        Assert.Contains("grpo, dr-grpo", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_AcceptsTheOptimizersByName_AndRefusesOthersListingThem()
    {
        var sgd = RunOptionsValidation.Validate(Smoke with { Ppo = Smoke.Ppo with { Optimizer = "SGD" } });
        var unknown = Assert.Throws<ArgumentOutOfRangeException>(() => RunOptionsValidation.Validate(Smoke with { Ppo = Smoke.Ppo with { Optimizer = "lion" } }));

        Assert.Equal("sgd", sgd.Ppo.Optimizer);
        Assert.Equal("ppo.optimizer", unknown.ParamName);
        Assert.Contains("adamw, adam, sgd", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTripsTheTaskSectionByItsName_AndRefusesAnUnknownTask()
    {
        var options = Set("task.maxOperand=6", "klCoef=0.02");

        var json = JsonSerializer.Serialize(options, RlvrJson.Options);
        var read = JsonSerializer.Deserialize<RunOptions>(json, RlvrJson.Options);

        Assert.Equal(options, read);
        Assert.Contains("\"name\": \"countdown\"", json, StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RunOptions>(json.Replace("\"countdown\"", "\"sudoku\"", StringComparison.Ordinal), RlvrJson.Options));
    }

    [Fact]
    public void WarmStartKey_FollowsWhatTheTaskSaysTheWarmStartDependsOn()
    {
        var key = WarmStartCache.Key(Smoke);

        Assert.NotEqual(key, WarmStartCache.Key(Set("task.maxOperand=6")));
        Assert.NotEqual(key, WarmStartCache.Key(Set("task.teacherErrorRate=0.3")));
        Assert.NotEqual(key, WarmStartCache.Key(Set("task.teacherGuessRate=0.5")));
        Assert.Equal(key, WarmStartCache.Key(Set("task.teacherGuessRate=0")));   // unset: the key it had before the guess rate existed
        Assert.Equal(key, WarmStartCache.Key(Set("task.formatReward=0.1")));   // rewards only: not part of the warm start
        Assert.Equal(key, WarmStartCache.Key(Set("aggregation.aggregator=grpo", "klCoef=0.1")));
    }

    [Theory]
    [InlineData(2.98023223876953125E-08)]   // 2^-25: written as 2.980232238769531E-08 by a formatter that is not round-trip exact
    [InlineData(0.1)]
    [InlineData(1.0 / 3.0)]
    [InlineData(double.NaN)]
    public void Json_RoundTripsEveryDoubleBitForBit(double value)
    {
        var metrics = new StepMetrics(1, new Dictionary<string, double> { [MetricNames.PgLoss] = value });

        var read = JsonSerializer.Deserialize<StepMetrics>(JsonSerializer.Serialize(metrics, RlvrJson.Options), RlvrJson.Options)!;

        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read.Values[MetricNames.PgLoss]));
    }
}
