using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Results.Tests;

/// <summary>
/// A hand-built sweep "alpha-study-1": grpo and delta-l α=0.5, seeds 1 and 2, four steps each, evaluated at steps 0, 2 and 4.
/// Every number the tests expect is computed by hand from the values below.
/// </summary>
/// <remarks>
/// <code>
/// run                 status      evaluations (step: avg@k)   response_length  grad_norm        throughput  entropy
/// grpo s1             Completed   0: .10  2: .30  4: .25      100 110 120 130  1   2   3   NaN  1000 ×4     .5 ×4
/// grpo s2             Completed   0: .20  2: .40  4: .50      90  100 110 140  2   2   2   2    1500 ×4     +∞ .5 .5 .5
/// delta-l α=.5 s1     Completed   0: .10  2: .60  4: .60      100 100 100 100  1   1   1   1    2000 ×4     .5 ×4
/// delta-l α=.5 s2     Failed @3   0: .20  2: .30              100 100 100      1   1   1        2000 ×3     .5 ×3
/// </code>
/// Rewards (critic/score/mean) are step / 10; timing_s/step is 1.25 everywhere.
/// </remarks>
internal static class SampleSweep
{
    public const string SweepId = "alpha-study-1";

    public static IReadOnlyList<RunReport> Reports { get; } =
    [
        Report("grpo", 1.0, 1, RunStatus.Completed, [(0, 0.10), (2, 0.30), (4, 0.25)],
            lengths: [100, 110, 120, 130], gradNorms: [1, 2, 3, double.NaN], throughput: 1000),
        Report("grpo", 1.0, 2, RunStatus.Completed, [(0, 0.20), (2, 0.40), (4, 0.50)],
            lengths: [90, 100, 110, 140], gradNorms: [2, 2, 2, 2], throughput: 1500, firstEntropy: double.PositiveInfinity),
        Report("delta-l", 0.5, 1, RunStatus.Completed, [(0, 0.10), (2, 0.60), (4, 0.60)],
            lengths: [100, 100, 100, 100], gradNorms: [1, 1, 1, 1], throughput: 2000),
        Report("delta-l", 0.5, 2, RunStatus.Failed, [(0, 0.20), (2, 0.30)],
            lengths: [100, 100, 100], gradNorms: [1, 1, 1], throughput: 2000, error: "out of memory"),
    ];

    public static string RunId(string aggregator, double alpha, int seed) =>
        aggregator == "delta-l" ? $"{SweepId}/{aggregator}-a{alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}-s{seed}" : $"{SweepId}/{aggregator}-s{seed}";

    /// <summary>A report whose step i (1-based) has the i-th length and grad norm; the run stopped after as many steps as it has lengths.</summary>
    public static RunReport Report(string aggregator, double alpha, int seed, RunStatus status, (int Step, double AverageAtK)[] evaluations,
        double[] lengths, double[] gradNorms, double throughput, double firstEntropy = 0.5, string? error = null, int steps = 4)
    {
        var metrics = lengths.Select((length, i) => new StepMetrics(i + 1, new Dictionary<string, double>
        {
            ["critic/score/mean"] = (i + 1) / 10.0,
            ["response_length/mean"] = length,
            ["actor/grad_norm"] = gradNorms[i],
            ["actor/entropy"] = i == 0 ? firstEntropy : 0.5,
            ["perf/throughput"] = throughput,
            ["timing_s/step"] = 1.25,
        })).ToArray();
        var results = evaluations.Select(e => new EvaluationResult(e.Step, e.AverageAtK / 2, e.AverageAtK, 4, 8, 50, [])).ToArray();
        var reportedAlpha = aggregator == "delta-l" ? alpha : (double?)null;
        var snapshot = new RunSnapshot(RunId(aggregator, alpha, seed), aggregator, reportedAlpha, seed, status, status.ToString(), lengths.Length, steps,
            Reward: lengths.Length / 10.0, Accuracy: results[^1].AverageAtK, InitialAccuracy: results[0].AverageAtK, StepsRedone: 0, LearnerSilo: "silo-1", Error: error,
            Advantages: "grpo", Label: reportedAlpha is null ? aggregator : $"{aggregator}-a{alpha}");
        return new RunReport(snapshot, metrics, results);
    }
}
