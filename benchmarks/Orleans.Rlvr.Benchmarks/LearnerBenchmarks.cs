using Orleans.Rlvr.Runs;
using BenchmarkDotNet.Attributes;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>One learner update (forward, backward, AdamW) on 16 groups × 8 responses of 20–160 tokens.</summary>
[Config(typeof(InProcessConfig))]
public class LearnerBenchmarks
{
    private TransformerPolicy _policy = null!;
    private Learner _learner = null!;
    private IReadOnlyList<ScoredGroup> _groups = [];

    [Params("grpo", "delta-l")]
    public string Aggregator { get; set; } = "delta-l";

    [GlobalSetup]
    public void Setup()
    {
        _policy = BenchmarkWorkload.NewPolicy();
        _groups = BenchmarkWorkload.Groups();
        _learner = new Learner(_policy, BenchmarkWorkload.LearnerOptions with { Aggregation = new AggregationOptions { Aggregator = Aggregator } }, padId: 0);
    }

    [GlobalCleanup]
    public void Cleanup() => _learner.Dispose();

    [Benchmark]
    public double LearnerStep() => _learner.Update(_groups, step: 1)[MetricNames.GradNorm];
}
