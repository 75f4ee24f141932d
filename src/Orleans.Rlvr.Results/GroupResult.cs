namespace Orleans.Rlvr.Results;

/// <summary>The runs of one configuration (aggregator, α, advantages) over seeds: means ± sample std of their headline numbers.</summary>
public sealed record GroupResult(
    string Aggregator,
    double? Alpha,
    string? Advantages,
    IReadOnlyList<RunResult> Runs,
    double FinalMean,
    double FinalStd,
    double InitialMean,
    double BestMean,
    double BestStepMean,
    double ResponseLengthMean,
    double RewardMean,
    double TokensPerSecondMean,
    double GradNormMean,
    double GradNormStd)
{
    /// <summary>The label of the group in tables and legends: <c>delta-l α=0.75</c>, <c>grpo</c>, <c>dr-grpo adv=dr-grpo</c>.</summary>
    public string Label =>
        (Alpha is { } alpha ? $"{Aggregator} α={alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : Aggregator)
        + (Advantages is { } advantages ? $" adv={advantages}" : "")
        + (Variant is { } variant ? $" [{variant}]" : "");

    /// <summary>The runs' label (e.g. <c>delta-l-a1-optimizer-sgd</c>) when the sweep varies options beyond aggregator, α and advantages; else null.</summary>
    public string? Variant { get; init; }

    /// <summary>How many of the runs completed (failed, cancelled and unfinished runs do not count).</summary>
    public int Completed => Runs.Count(r => r.Run.Status == Orleans.Rlvr.Runs.RunStatus.Completed);

    /// <summary>Mean final accuracy minus mean initial (step 0) accuracy.</summary>
    public double GainMean => FinalMean - InitialMean;

    /// <summary>Means and sample stds over <paramref name="runs"/>; the grad-norm statistics pool every finite step of every run.</summary>
    public static GroupResult From(string aggregator, double? alpha, string? advantages, IReadOnlyList<RunResult> runs)
    {
        var gradNorms = runs.SelectMany(r => r.GradNorms).ToArray();
        return new GroupResult(
            aggregator,
            alpha,
            advantages,
            runs,
            Statistics.Mean(runs.Select(r => r.FinalAccuracy)),
            Statistics.SampleStd(runs.Select(r => r.FinalAccuracy)),
            Statistics.Mean(runs.Select(r => r.InitialAccuracy)),
            Statistics.Mean(runs.Select(r => r.BestAccuracy)),
            Statistics.Mean(runs.Where(r => r.BestStep > 0).Select(r => (double)r.BestStep)),
            Statistics.Mean(runs.Select(r => r.FinalResponseLength)),
            Statistics.Mean(runs.Select(r => r.FinalReward)),
            Statistics.Mean(runs.Select(r => r.TokensPerSecond)),
            Statistics.Mean(gradNorms),
            Statistics.SampleStd(gradNorms));
    }
}
