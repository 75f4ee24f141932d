using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Results;

/// <summary>One run's headline numbers, computed from its report.</summary>
public sealed record RunResult(
    RunReport Report,
    double InitialAccuracy,
    double FinalAccuracy,
    double BestAccuracy,
    int BestStep,
    double FinalResponseLength,
    double FinalReward,
    double TokensPerSecond,
    IReadOnlyList<double> GradNorms)
{
    /// <summary>
    /// The primary endpoint: the area under the held-out avg@k curve, as the mean avg@k over the evaluations after
    /// step 0 (every arm of a seed shares step 0); NaN without any.
    /// </summary>
    public double AccuracyArea => Statistics.Mean(Report.Evaluations.Where(e => e.Step > 0).Select(e => e.AverageAtK));

    /// <summary>The run's snapshot (id, aggregator, α, seed, status, step, error).</summary>
    public RunSnapshot Run => Report.Run;

    /// <summary>Reads the numbers off a report: final = last evaluation's avg@k; best = the highest after step 0; length and training reward = means over the last 10% of steps.</summary>
    public static RunResult From(RunReport report)
    {
        var evaluations = report.Evaluations;
        var best = evaluations.Where(e => e.Step > 0).OrderByDescending(e => e.AverageAtK).ThenBy(e => e.Step).FirstOrDefault();
        var tail = Math.Max(1, (int)Math.Ceiling(report.Metrics.Count * 0.1));
        return new RunResult(
            report,
            evaluations.FirstOrDefault(e => e.Step == 0)?.AverageAtK ?? double.NaN,
            evaluations.Count > 0 && evaluations[^1].Step > 0 ? evaluations[^1].AverageAtK : double.NaN,
            best?.AverageAtK ?? double.NaN,
            best?.Step ?? 0,
            Statistics.Mean(report.Metrics.TakeLast(tail).Select(m => m[MetricNames.ResponseLengthMean])),
            Statistics.Mean(report.Metrics.TakeLast(tail).Select(m => m[MetricNames.ScoreMean])),
            Statistics.Mean(report.Metrics.Select(m => m[MetricNames.Throughput])),
            report.Metrics.Select(m => m[MetricNames.GradNorm]).Where(double.IsFinite).ToArray());
    }
}
