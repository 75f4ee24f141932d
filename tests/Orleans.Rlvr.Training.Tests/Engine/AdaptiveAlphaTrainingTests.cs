using System.Globalization;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;
using Xunit.Abstractions;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Engine;

[Collection(DeterministicTorchCollection.Name)]
public sealed class AdaptiveAlphaTrainingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-auto-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// The smoke preset's warm start solves nothing, so every group's rewards are equal and A_i = 0; the soft overlong
    /// penalty over most of M makes rewards differ with length, which gives the probe responses with A_i ≠ 0.
    /// </summary>
    private static RunOptions Smoke
    {
        get
        {
            var smoke = TrainingPresets.Get("smoke");
            return smoke with
            {
                Aggregation = new AggregationOptions { Aggregator = "delta-l-auto" },
                Evaluation = smoke.Evaluation with { Prompts = 4 },
                Rollout = smoke.Rollout with { Overlong = OverlongMode.SoftPenalty, OverlongBuffer = 80 },
            };
        }
    }

    [Fact]
    public void SmokeRun_WithDeltaLAuto_LogsAlphaInTheUnitIntervalEveryStep()
    {
        torch.set_num_threads(1);
        var options = Smoke with { Steps = 6, Aggregation = Smoke.Aggregation with { AdaptiveAlphaEvery = 2 } };

        var result = new Trainer(options, RlvrTasks.Create(options), torch.CPU, Path.Combine(_root, "run")).Run();

        Assert.Equal(6, result.Metrics.Count);
        foreach (var metrics in result.Metrics)
        {
            var alpha = metrics.Values["actor/delta_l_alpha"];
            var beta = metrics.Values.TryGetValue("actor/length_variance_beta", out var b) ? b.ToString("F3", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"step {metrics.Step}: alpha {alpha.ToString("F3", CultureInfo.InvariantCulture)}, beta {beta}, degenerate {metrics.Values["batch/degenerate_group_ratio"]}, score {metrics.Values["critic/score/mean"]}");
            Assert.InRange(alpha, 0.0, 1.0);
            if (metrics.Step != 1 && metrics.Step % 2 != 0)
            {
                Assert.False(metrics.Values.ContainsKey("actor/length_variance_beta"), $"step {metrics.Step} is no probe step but logged β̂.");
            }
        }
    }

    [Fact]
    public void DeltaLAutoStep_UpdatesExactlyAsDeltaLAtTheAlphaItUsed_SoTheProbeLeavesTheUpdateAlone()
    {
        torch.set_num_threads(1);
        var auto = Smoke with { Steps = 1 };
        var task = RlvrTasks.Create(auto);
        var autoRun = new Trainer(auto, task, torch.CPU, Path.Combine(_root, "auto")).Run();
        var alpha = autoRun.Metrics[0].Values["actor/delta_l_alpha"];
        Assert.True(autoRun.Metrics[0].Values.ContainsKey("actor/length_variance_beta"), "the step-1 probe did not fit β̂; the test proves nothing.");

        var fixedRun = new Trainer(auto with { Aggregation = new AggregationOptions { Aggregator = "delta-l", Alpha = alpha } }, task, torch.CPU, Path.Combine(_root, "fixed")).Run();

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(fixedRun.CheckpointDirectory, RunCheckpoint.SafetensorsFileName)),
            File.ReadAllBytes(Path.Combine(autoRun.CheckpointDirectory, RunCheckpoint.SafetensorsFileName)));
    }
}
