using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Sweeps;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;

namespace Orleans.Rlvr.Grains.Tests;

/// <summary>
/// A researcher who reruns one run of a sweep with <c>rlvr train</c> gets the same run: the one-process trainer and the
/// grains share one rollout round, seeded per prompt group, and one learner session. LibTorch runs one thread here
/// (the fixture's <c>Torch:Threads</c> = 1, the deterministic mode).
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class TrainAndSweepEqualityTests(RlvrClusterFixture fixture)
{
    [Theory]
    [InlineData("grpo", false)]
    [InlineData("delta-l", true)]
    public async Task TrainRun_EqualsTheSameRunInsideASweep_StepByStepAndBitForBit(string aggregator, bool dynamicSampling)
    {
        var sweepId = $"equality-{aggregator}";
        var spec = new SweepSpec
        {
            Name = "equality",
            Preset = "smoke",
            Aggregators = [aggregator],
            Seeds = [5],
            Steps = 3,
            // The smoke warm start solves nothing; a soft overlong penalty over most of M makes rewards differ within
            // groups, so groups survive dynamic sampling and the updates move the weights.
            Overrides = new Dictionary<string, string>
            {
                ["dynamicSampling"] = dynamicSampling ? "true" : "false",
                ["maxRefillRounds"] = "2",
                ["overlong"] = "soft-penalty",
                ["overlongBuffer"] = "80",
            },
        };
        var run = SweepPlan.Expand(sweepId, spec).Single();
        await fixture.Cluster.Client.GetGrain<ISweepGrain>(sweepId).Start(spec);
        var status = await fixture.WaitForSweep(fixture.Cluster.Client, sweepId, TimeSpan.FromMinutes(5));
        Assert.Equal(RunStatus.Completed, status.Runs.Single().Status);

        torch.set_num_threads(1);
        var trainDirectory = Path.Combine(fixture.Root, "train", aggregator);
        var trained = new Trainer(run.Options, RlvrTasks.Create(run.Options), torch.CPU, trainDirectory, new WarmStartCache(Path.Combine(fixture.Root, "train-warm-start"))).Run();

        var swept = new CheckpointStore(Path.Combine(fixture.Root, run.RunDirectory, "checkpoints")).Latest()!;
        var sweptState = RunCheckpoint.ReadState(swept);
        Assert.Equal(3, sweptState.Metrics.Count);
        Assert.All(sweptState.Metrics, m => Assert.True(m.Values[MetricNames.Groups] > 0 && m.Values[MetricNames.GradNorm] > 0, "a step learned nothing: the comparison would prove nothing"));
        Assert.Equal(3, trained.Metrics.Count);
        for (var step = 0; step < 3; step++)
        {
            var (inSweep, alone) = (Deterministic(sweptState.Metrics[step].Values), Deterministic(trained.Metrics[step].Values));
            var differing = inSweep.Keys.Union(alone.Keys)
                .Where(k => !inSweep.TryGetValue(k, out var a) || !alone.TryGetValue(k, out var b) || !a.Equals(b))
                .Select(k => $"{k}: sweep {inSweep.GetValueOrDefault(k):R} vs train {alone.GetValueOrDefault(k):R}")
                .ToArray();
            Assert.True(differing.Length == 0, $"step {step + 1} differs: {string.Join("; ", differing)}");
        }

        Assert.Equal(sweptState.Evaluations.Select(e => (e.Step, e.AverageAtK, e.GreedyAccuracy)), trained.Evaluations.Select(e => (e.Step, e.AverageAtK, e.GreedyAccuracy)));
        Assert.Equal(sweptState.Evaluations[^1].AverageAtK, trained.FinalAccuracy);
        Assert.Equal(
            File.ReadAllBytes(swept.File(RunCheckpoint.SafetensorsFileName)),
            File.ReadAllBytes(Path.Combine(trained.CheckpointDirectory, RunCheckpoint.SafetensorsFileName)));
    }

    /// <summary>Every metric but wall-clock timings and throughput.</summary>
    private static Dictionary<string, double> Deterministic(IReadOnlyDictionary<string, double> values) =>
        values.Where(v => !v.Key.StartsWith("timing_s/", StringComparison.Ordinal) && v.Key is not (MetricNames.Throughput or MetricNames.TimePerStep))
            .ToDictionary(v => v.Key, v => v.Value);
}
