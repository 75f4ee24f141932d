using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Engine;

[Collection(DeterministicTorchCollection.Name)]
public sealed class TrainerResumeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static RunOptions Small => TrainingPresets.Get("smoke") with
    {
        Steps = 4,
        Checkpointing = new CheckpointingOptions { Every = 1 },
        Evaluation = new EvaluationOptions { Every = 0, Prompts = 4, Samples = 2 },
        Ppo = new PpoOptions { Epochs = 2, MiniBatches = 2, MicroBatchSize = 5 },
        WarmStart = new WarmStartOptions { Steps = 8, BatchSize = 8 },
    };

    [Fact]
    public void RunStoppedAtStepTwoAndResumed_EndsBitIdenticalToTheUninterruptedRun() => AssertResumeIsBitIdentical(Small);

    [Fact]
    public void DeltaLAutoRunStoppedAtStepTwoAndResumed_EndsBitIdenticalToTheUninterruptedRun()
    {
        // A probe every step: the fits after the stop use the probe window saved before it. The soft overlong penalty
        // makes rewards differ within groups (the small warm start solves nothing), so the probe has A_i ≠ 0 to measure.
        var small = Small;
        var whole = AssertResumeIsBitIdentical(small with
        {
            Aggregation = new AggregationOptions { Aggregator = "delta-l-auto", AdaptiveAlphaEvery = 1 },
            Rollout = small.Rollout with { Overlong = OverlongMode.SoftPenalty, OverlongBuffer = 80 },
        });

        Assert.Contains(whole.Metrics.Skip(2), m => m.Values.ContainsKey(MetricNames.LengthVarianceBeta));
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    public void RunWithAnotherOptimizer_StoppedAtStepTwoAndResumed_EndsBitIdentical(string optimizer)
    {
        var small = Small;
        var whole = AssertResumeIsBitIdentical(small with
        {
            Ppo = small.Ppo with { Optimizer = optimizer },
            Rollout = small.Rollout with { Overlong = OverlongMode.SoftPenalty, OverlongBuffer = 80 },
        });

        Assert.Contains(whole.Metrics, m => m[MetricNames.GradNorm] > 0);
    }

    private TrainingResult AssertResumeIsBitIdentical(RunOptions options)
    {
        torch.set_num_threads(1);
        var task = RlvrTasks.Create(options);
        var name = options.Aggregation.Aggregator;
        var whole = new Trainer(options, task, torch.CPU, Path.Combine(_root, name, "whole")).Run();

        new Trainer(options with { Steps = 2 }, task, torch.CPU, Path.Combine(_root, name, "split")).Run();
        var resumed = new Trainer(options, task, torch.CPU, Path.Combine(_root, name, "split")).Run();

        Assert.Equal(4, resumed.Steps);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(whole.CheckpointDirectory, RunCheckpoint.SafetensorsFileName)),
            File.ReadAllBytes(Path.Combine(resumed.CheckpointDirectory, RunCheckpoint.SafetensorsFileName)));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(whole.CheckpointDirectory, RunCheckpoint.OptimizerFile)),
            File.ReadAllBytes(Path.Combine(resumed.CheckpointDirectory, RunCheckpoint.OptimizerFile)));
        for (var step = 0; step < 4; step++)
        {
            Assert.Equal(Deterministic(whole.Metrics[step].Values), Deterministic(resumed.Metrics[step].Values));
        }

        Assert.Equal(whole.FinalAccuracy, resumed.FinalAccuracy);
        return whole;
    }

    [Fact]
    public void NewestCheckpointTruncatedWithItsHashRewritten_IsPassedOverWithTheReason_AndTheRunStillEndsBitIdentical()
    {
        torch.set_num_threads(1);
        var options = Small;
        var task = RlvrTasks.Create(options);
        var whole = new Trainer(options, task, torch.CPU, Path.Combine(_root, "whole")).Run();
        var split = Path.Combine(_root, "split");
        var stopped = new Trainer(options with { Steps = 3 }, task, torch.CPU, split).Run();

        // The newest checkpoint verifies (its manifest was rewritten to match) but its weights are cut short.
        var weights = Path.Combine(stopped.CheckpointDirectory, RunCheckpoint.ModelFile);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        var manifestPath = Path.Combine(stopped.CheckpointDirectory, "manifest.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["Files"]![RunCheckpoint.ModelFile] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(weights)));
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        var observer = new RecordingObserver();
        var resumed = new Trainer(options, task, torch.CPU, split).Run(observer);

        var (folder, reason) = Assert.Single(observer.Rejected);
        Assert.Equal(stopped.CheckpointDirectory, folder);
        Assert.StartsWith("it does not load", reason, StringComparison.Ordinal);
        Assert.Equal([2], observer.Resumed);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(whole.CheckpointDirectory, RunCheckpoint.SafetensorsFileName)),
            File.ReadAllBytes(Path.Combine(resumed.CheckpointDirectory, RunCheckpoint.SafetensorsFileName)));
    }

    [Fact]
    public void StepFailingWithALibTorchErrorAfterItsUpdate_IsTriedAgainFromTheLastCheckpoint_AndTheRunEndsBitIdentical()
    {
        torch.set_num_threads(1);
        var options = Small with { Checkpointing = new CheckpointingOptions { Every = 2 } };
        var task = RlvrTasks.Create(options);
        var whole = new Trainer(options, task, torch.CPU, Path.Combine(_root, "whole")).Run();

        // Step 4 fails once after its optimizer steps moved the weights; the last checkpoint is step 2's, so steps 3
        // and 4 are computed again from it (tried on the moved weights instead, step 4 would train twice).
        var failed = false;
        var observer = new RecordingObserver();
        var retried = new Trainer(options, task, torch.CPU, Path.Combine(_root, "retried"))
        {
            AfterUpdate = step =>
            {
                if (step == 4 && !failed)
                {
                    failed = true;
                    throw new System.Runtime.InteropServices.ExternalException("injected LibTorch error");
                }
            },
        }.Run(observer);

        Assert.Equal([4], observer.Retried);
        Assert.Equal([2], observer.Resumed);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(whole.CheckpointDirectory, RunCheckpoint.SafetensorsFileName)),
            File.ReadAllBytes(Path.Combine(retried.CheckpointDirectory, RunCheckpoint.SafetensorsFileName)));
        for (var step = 0; step < 4; step++)
        {
            Assert.Equal(Deterministic(whole.Metrics[step].Values), Deterministic(retried.Metrics[step].Values));
        }

        var logged = File.ReadLines(Path.Combine(_root, "retried", Orleans.Rlvr.Training.Logs.RunLogs.MetricsFile))
            .Where(l => l.Length > 0)
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["step"]!.GetValue<int>());
        Assert.Equal([0, 1, 2, 3, 4], logged);   // step 0: the warm start's evaluation; no step logged twice
    }

    [Fact]
    public void StepFailingAtEveryTry_StopsTheRunWithTheErrorAfterTheLastAttempt()
    {
        torch.set_num_threads(1);
        var observer = new RecordingObserver();
        var trainer = new Trainer(Small, RlvrTasks.Create(Small), torch.CPU, Path.Combine(_root, "failing"))
        {
            AfterUpdate = step => throw new System.Runtime.InteropServices.ExternalException($"injected LibTorch error at step {step}"),
        };

        var error = Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => trainer.Run(observer));
        Assert.Equal("injected LibTorch error at step 1", error.Message);
        Assert.Equal(Enumerable.Repeat(1, Trainer.MaxStepAttempts - 1), observer.Retried);
    }

    private sealed class RecordingObserver : ITrainingObserver
    {
        public List<(string Directory, string Reason)> Rejected { get; } = [];

        public List<int> Retried { get; } = [];

        public void OnStepRetried(int step, Exception error, int attempt) => Retried.Add(step);

        public List<int> Resumed { get; } = [];

        public void OnWarmStart(int step, int totalSteps, double loss)
        {
        }

        public void OnStep(StepMetrics metrics, int totalSteps)
        {
        }

        public void OnEvaluation(EvaluationResult evaluation)
        {
        }

        public void OnResumed(int step) => Resumed.Add(step);

        public void OnCheckpointRejected(string directory, string reason) => Rejected.Add((directory, reason));
    }

    [Fact]
    public void ResumingWithDifferentOptions_IsRefused()
    {
        var task = RlvrTasks.Create(Small);
        new Trainer(Small with { Steps = 1 }, task, torch.CPU, Path.Combine(_root, "run")).Run();

        var error = Assert.Throws<InvalidOperationException>(() =>
            new Trainer(Small with { Aggregation = new AggregationOptions { Aggregator = "grpo" } }, task, torch.CPU, Path.Combine(_root, "run")).Run());
        Assert.Contains("different options", error.Message);
    }

    private static Dictionary<string, double> Deterministic(IReadOnlyDictionary<string, double> values) =>
        values.Where(v => !v.Key.StartsWith("timing_s/", StringComparison.Ordinal) && v.Key is not (MetricNames.Throughput or MetricNames.TimePerStep) && !v.Key.StartsWith("val-", StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => v.Value);
}
