using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Variance;
using TorchSharp;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Variance;

public sealed class VarianceStudyEndToEndTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-variance-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void SmokePreset_SmallStudy_ProducesFiniteNumbersForEveryAggregator()
    {
        using var policy = SmokePolicy();
        var study = new VarianceOptions { Samples = 64, Batches = 100, BatchGroups = 2, BootstrapResamples = 200, Alphas = [0.5, 1] };

        var result = VarianceStudy.Run(policy, study);

        Assert.Equal(64, result.Responses);
        Assert.InRange(result.NonZeroResponses, 3, 64);
        Assert.Equal(policy.Policy.parameters().Sum(p => p.numel()), result.Parameters);
        Assert.True(double.IsFinite(result.Exponent.Beta) && result.Exponent.Lower <= result.Exponent.Upper, $"β = {result.Exponent.Beta} [{result.Exponent.Lower}, {result.Exponent.Upper}]");
        Assert.Equal(["grpo", "dapo", "dr-grpo", "delta-l α=0.5", "delta-l α=1", "dapo-microbatch"], result.Aggregators.Select(r => r.Label));
        Assert.True(double.IsFinite(result.Binned.Beta) && result.Binned.Bins.All(b => b.ScoreVariance > 0), $"binned β = {result.Binned.Beta}");
        var tokens = Assert.IsType<TokenIndependenceResult>(result.Tokens);
        Assert.Equal(Math.Min(16, result.NonZeroResponses), tokens.Responses);
        Assert.True(tokens.Ratio > 0 && tokens.Lower <= tokens.Ratio && tokens.Ratio <= tokens.Upper, $"R = {tokens.Ratio} [{tokens.Lower}, {tokens.Upper}]");
        Assert.All(result.Aggregators, row =>
        {
            Assert.True(row.Variance > 0 && double.IsFinite(row.Variance), $"{row.Label}: variance {row.Variance}");
            Assert.True(row.Cv > 0 && double.IsFinite(row.Cv), $"{row.Label}: cv {row.Cv}");
            Assert.True(row.Bias >= 0 && double.IsFinite(row.Bias), $"{row.Label}: bias {row.Bias}");
        });
    }

    [Fact]
    public void TokenScores_SumToTheResponsesGradient_DividedByItsAdvantage()
    {
        // One backward pass per token must add up to the sequence's score: ‖Σ_t s_t‖² = ‖g_i‖² / A_i² for every measured response.
        using var policy = SmokePolicy();

        var pool = PolicyGradients.Sample(policy, samples: 16, seed: 4, tokenResponses: 3);

        var measured = pool.NonZero.Where(s => s.Tokens is not null).ToArray();
        Assert.Equal(3, measured.Length);
        Assert.All(measured, sample =>
        {
            var squared = sample.Gradient!.Sum(v => (double)v * v) / (sample.Advantage * sample.Advantage);
            Assert.Equal(1.0, sample.Tokens!.Value.SumNormSquared / squared, 3);
            Assert.True(sample.Tokens.Value.TokenNormSquaredSum > 0);
        });
    }

    [Fact]
    public void Checkpoint_IsMeasuredWithItsRunsOptions_FromTheNextUnseenPrompt()
    {
        var smoke = TrainingPresets.Get("smoke");
        var options = smoke with
        {
            Steps = 1,
            Evaluation = smoke.Evaluation with { Prompts = 4 },
            Rollout = smoke.Rollout with { Overlong = OverlongMode.SoftPenalty, OverlongBuffer = 96 },
            WarmStart = new WarmStartOptions { Steps = 5, BatchSize = 16 },
        };
        var run = new Trainer(options, RlvrTasks.Create(options), torch.CPU, Path.Combine(_root, "run")).Run();

        using var fromRun = StudyPolicy.FromCheckpoint(Path.Combine(_root, "run"), torch.CPU, [new("groupSize", "8")]);
        using var fromFolder = StudyPolicy.FromCheckpoint(run.CheckpointDirectory, torch.CPU);
        var refused = Assert.Throws<ArgumentException>(() => StudyPolicy.FromCheckpoint(run.CheckpointDirectory, torch.CPU, [new("policy.width", "64")]));
        var missing = Assert.Throws<ArgumentException>(() => StudyPolicy.FromCheckpoint(Path.Combine(_root, "none"), torch.CPU));

        Assert.Equal(options with { Rollout = options.Rollout with { GroupSize = 8 } }, fromRun.Options);
        Assert.Equal(options, fromFolder.Options);
        Assert.Equal(options.Rollout.PromptsPerStep, fromRun.PromptOffset);
        Assert.Contains("step 1", fromRun.Source);
        Assert.Equal("set", refused.ParamName);
        Assert.Equal("checkpoint", missing.ParamName);
        var result = VarianceStudy.Run(fromRun, new VarianceOptions { Samples = 32, Batches = 50, BatchGroups = 2, BootstrapResamples = 200, Alphas = [1] });
        Assert.Equal(8, result.GroupSize);
        Assert.All(result.Aggregators, row => Assert.True(double.IsFinite(row.Cv) && double.IsFinite(row.Bias), row.Label));
    }

    /// <summary>The smoke preset's warm-start policy. It rarely solves a prompt; a soft length penalty over the whole range makes every group's rewards differ.</summary>
    private static StudyPolicy SmokePolicy()
    {
        var smoke = TrainingPresets.Get("smoke");
        var options = smoke with
        {
            Rollout = smoke.Rollout with { Overlong = OverlongMode.SoftPenalty, OverlongBuffer = 96 },
            WarmStart = new WarmStartOptions { Steps = 5, BatchSize = 16 },
        };
        return StudyPolicy.WarmStarted(options, torch.CPU, cache: null);
    }
}
