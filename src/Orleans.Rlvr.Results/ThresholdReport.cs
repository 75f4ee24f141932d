using System.Globalization;
using System.Text;

namespace Orleans.Rlvr.Results;

/// <summary>
/// Convergence speed (the secondary endpoint): per (aggregator, α), the step at which a run's held-out avg@k first
/// reaches the threshold, interpolated linearly between the two evaluations around the crossing, per run and averaged
/// over the runs that reach it; speedup over a baseline = baseline's mean steps / this group's, given only when every
/// run of both groups reached it (a mean over the lucky runs alone would favour the group that reached it less often).
/// The baselines are the groups of grpo, dapo and dr-grpo in the sweep. <see cref="Comparisons"/> pair the groups by
/// seed on log(steps): a difference d is a steps ratio A/B = e^d, with its intervals, over the seeds where both reached it.
/// </summary>
public sealed record ThresholdReport(double Threshold, IReadOnlyList<ThresholdRow> Rows, IReadOnlyList<string> Baselines)
{
    /// <summary>Paired comparisons of log(steps to the threshold), A − B (seeds where both runs reached it).</summary>
    public IReadOnlyList<PairedComparison> Comparisons { get; init; } = [];

    private static readonly string[] BaselineAggregators = ["grpo", "dapo", "dr-grpo"];

    /// <summary>The report of <paramref name="summary"/> at <paramref name="threshold"/>, an accuracy in (0, 1].</summary>
    public static ThresholdReport From(SweepSummary summary, double threshold)
    {
        if (!double.IsFinite(threshold) || threshold is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "--threshold must be an accuracy in (0, 1].");
        }

        var rows = summary.Groups.Select(g =>
        {
            var steps = g.Runs.Select(r => StepsTo(r, threshold)).ToArray();
            var reached = steps.OfType<double>().ToArray();
            return new ThresholdRow(g.Label, reached.Length, g.Runs.Count, reached.Length > 0 ? reached.Average() : double.NaN, steps);
        }).ToArray();
        var baselines = summary.Groups.Where(g => BaselineAggregators.Contains(g.Aggregator)).Select(g => g.Label).ToArray();
        return new ThresholdReport(threshold, rows, baselines)
        {
            Comparisons = PairedComparison.All(summary, r => StepsTo(r, threshold) is { } s && s > 0 ? Math.Log(s) : double.NaN),
        };
    }

    /// <summary>
    /// The step where avg@k first reaches <paramref name="threshold"/> after step 0, interpolated linearly between the
    /// evaluation before the crossing (a below the threshold) and the first at or above it; a run that starts at or above
    /// the threshold counts its first evaluated step after 0. Null if it never reaches it.
    /// </summary>
    public static double? StepsTo(RunResult run, double threshold)
    {
        var evaluations = run.Report.Evaluations.OrderBy(e => e.Step).ToArray();
        for (var k = 0; k < evaluations.Length; k++)
        {
            var (step, accuracy) = (evaluations[k].Step, evaluations[k].AverageAtK);
            if (step == 0 || accuracy < threshold)
            {
                continue;
            }

            if (k == 0 || evaluations[k - 1].AverageAtK >= threshold)
            {
                return step;
            }

            var (before, beforeAccuracy) = (evaluations[k - 1].Step, evaluations[k - 1].AverageAtK);
            return before + (threshold - beforeAccuracy) / (accuracy - beforeAccuracy) * (step - before);
        }

        return null;
    }

    /// <summary>Baseline steps / row steps; NaN unless every run of both groups reached the threshold.</summary>
    public double Speedup(ThresholdRow row, string baseline)
    {
        var reference = Rows.Single(r => r.Label == baseline);
        return reference.AllReached && row.AllReached ? reference.MeanSteps / row.MeanSteps : double.NaN;
    }

    /// <summary>The report as a Markdown section, appended to results.md.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"\n## Steps to held-out avg@k ≥ {Threshold.ToString("0.###", CultureInfo.InvariantCulture)}\n\n")
            .Append("Mean over the runs that reach it (per run: – = not within the run); speedup = the baseline's mean steps / the group's, ")
            .Append("given only where every run of both groups reached it.\n\n")
            .Append("| group | reached | steps | per run |").Append(string.Concat(Baselines.Select(b => $" speedup vs {b} |"))).Append('\n')
            .Append("|---|---|---|---|").Append(string.Concat(Baselines.Select(_ => "---|"))).Append('\n');
        foreach (var row in Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.Label} | {row.Reached}/{row.Runs} | {ResultsFormat.Number(row.MeanSteps, "F1")} | {row.PerRun} |")
                .Append(string.Concat(Baselines.Select(b => $" {ResultsFormat.Number(Speedup(row, b), "0.00'×'")} |"))).Append('\n');
        }

        text.Append(ResultsMarkdown.ComparisonsMarkdown(
            Comparisons,
            "Paired by seed on log(steps to the threshold) (seeds where both runs reached it): steps ratio A / B = e^(mean log difference), " +
            "its 95% paired-t and paired-bootstrap intervals, paired-t p, Holm-adjusted over the table, signs (+: A slower).",
            "steps A / B",
            Ratio,
            Ratio));
        return text.ToString();
    }

    /// <summary>A log-steps difference as a steps ratio e^d.</summary>
    public static string Ratio(double logDifference) => ResultsFormat.Number(Math.Exp(logDifference), "0.00'×'");
}

/// <summary>One group's convergence: runs that reached the threshold, of all its runs, their mean steps, and each run's steps (null: not reached).</summary>
public sealed record ThresholdRow(string Label, int Reached, int Runs, double MeanSteps, IReadOnlyList<double?> Steps)
{
    /// <summary>Every run of the group reached the threshold (and the group has runs).</summary>
    public bool AllReached => Reached == Runs && Runs > 0;

    /// <summary>Each run's steps in seed order, "–" for a run that never reached it.</summary>
    public string PerRun => string.Join(", ", Steps.Select(s => s?.ToString("0.#", CultureInfo.InvariantCulture) ?? "–"));
}
