using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Sweeps;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;

namespace Orleans.Rlvr.Grains.Tests;

/// <summary>
/// Runs a one-run sweep on a cluster and the same run with the one-process <see cref="Trainer"/>, and asserts they are
/// the same run: every step's deterministic metrics, the evaluations and the final weights, bit for bit.
/// </summary>
public static class SweptRunEquality
{
    /// <summary>
    /// A one-run smoke sweep whose steps learn something: the smoke warm start solves nothing, so a soft overlong
    /// penalty over most of M makes rewards differ within groups (groups survive dynamic sampling, updates move the weights).
    /// </summary>
    public static SweepSpec OneRun(string aggregator, bool dynamicSampling, int steps = 3) => new()
    {
        Name = "equality",
        Preset = "smoke",
        Aggregators = [aggregator],
        Seeds = [5],
        Steps = steps,
        Overrides = new Dictionary<string, string>
        {
            ["dynamicSampling"] = dynamicSampling ? "true" : "false",
            ["maxRefillRounds"] = "2",
            ["overlong"] = "soft-penalty",
            ["overlongBuffer"] = "80",
        },
    };

    public static async Task AssertSweptEqualsTrained(RlvrClusterFixture fixture, string sweepId, SweepSpec spec)
    {
        var run = SweepPlan.Expand(sweepId, spec).Single();
        var steps = run.Options.Steps;
        await fixture.Cluster.Client.GetGrain<ISweepGrain>(sweepId).Start(spec);
        var status = await fixture.WaitForSweep(fixture.Cluster.Client, sweepId, TimeSpan.FromMinutes(5));
        Assert.Equal(RunStatus.Completed, status.Runs.Single().Status);

        torch.set_num_threads(1);
        var trainDirectory = Path.Combine(fixture.Root, "train", sweepId);
        var trained = new Trainer(run.Options, RlvrTasks.Create(run.Options), torch.CPU, trainDirectory, new WarmStartCache(Path.Combine(fixture.Root, "train-warm-start"))).Run();

        var swept = new CheckpointStore(Path.Combine(fixture.Root, run.RunDirectory, "checkpoints")).Latest()!;
        var sweptState = RunCheckpoint.ReadState(swept);
        Assert.Equal(steps, sweptState.Metrics.Count);
        Assert.All(sweptState.Metrics, m => Assert.True(m.Values[MetricNames.Groups] > 0 && m.Values[MetricNames.GradNorm] > 0, "a step learned nothing: the comparison would prove nothing"));
        Assert.Equal(steps, trained.Metrics.Count);
        for (var step = 0; step < steps; step++)
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
