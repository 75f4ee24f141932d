using System.Globalization;
using System.Text;

namespace Orleans.Rlvr.Results;

/// <summary>results.md: the results table as Markdown (for a lab notebook or a pull request), then the runs that did not complete.</summary>
public static class ResultsMarkdown
{
    /// <summary>The Markdown text of results.md.</summary>
    public static string Render(SweepSummary summary)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"# Sweep {summary.SweepId}\n\n")
            .Append("Held-out avg@k at temperature 1, mean ± sample std over seeds; reward and response length are means over the last 10% of steps.\n\n")
            .Append("| aggregator | α | runs | final acc | initial | gain | best acc @ step | reward | resp len | tokens/s | grad norm |\n")
            .Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var g in summary.Groups)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {g.Aggregator} | {(g.Alpha is { } a ? a.ToString("0.##", CultureInfo.InvariantCulture) : "-")} | {g.Completed}/{g.Runs.Count} ")
                .Append(CultureInfo.InvariantCulture, $"| {N(g.FinalMean, "F3")} ± {N(g.FinalStd, "F3")} | {N(g.InitialMean, "F3")} | {N(g.GainMean, "+0.000;-0.000;0.000")} ")
                .Append(CultureInfo.InvariantCulture, $"| {N(g.BestMean, "F3")} @ {N(g.BestStepMean, "F0")} | {N(g.RewardMean, "F3")} | {N(g.ResponseLengthMean, "F1")} ")
                .Append(CultureInfo.InvariantCulture, $"| {N(g.TokensPerSecondMean, "N0")} | {N(g.GradNormMean, "F3")} ± {N(g.GradNormStd, "F3")} |\n");
        }

        text.Append(ComparisonsMarkdown(PairedComparison.All(summary)));

        var unfinished = summary.Runs.Where(r => r.Run.Status != Runs.RunStatus.Completed).ToArray();
        if (unfinished.Length > 0)
        {
            text.Append("\nRuns that did not complete:\n\n");
            foreach (var run in unfinished)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {run.Run.RunId}: {run.Run.Status.ToString().ToLowerInvariant()} at step {run.Run.Step}{(run.Run.Error is { } e ? $": {e}" : "")}\n");
            }
        }

        text.Append("\nPlots: ").Append(string.Join(", ", ResultsPlots.FixedFiles)).Append(" and eval_<diagnostic>.png for the task's diagnostics. Per-step metrics: runs.csv.\n");
        return text.ToString();
    }

    /// <summary>The paired comparisons on the primary endpoint as a Markdown section (empty when there are none).</summary>
    public static string ComparisonsMarkdown(IReadOnlyList<PairedComparison> comparisons) => ComparisonsMarkdown(
        comparisons,
        "Paired by seed, on the area under the held-out avg@k curve (mean over the evaluations after step 0): " +
        "difference A − B, 95% paired-t and paired-bootstrap intervals (" +
        PairedComparison.BootstrapResamples.ToString("N0", CultureInfo.InvariantCulture) +
        " resamples), paired-t p, Holm-adjusted over the table, and the sign of each seed's difference.",
        "A − B",
        difference => N(difference, "+0.0000;-0.0000;0"),
        bound => N(bound, "F4"));

    /// <summary>
    /// Paired comparisons as a Markdown table after <paramref name="intro"/> (empty when there are none): the mean
    /// difference under <paramref name="differenceHeader"/> written by <paramref name="difference"/>, the interval bounds
    /// by <paramref name="bound"/> (e.g. as ratios, for a log-scale endpoint).
    /// </summary>
    public static string ComparisonsMarkdown(IReadOnlyList<PairedComparison> comparisons, string intro, string differenceHeader, Func<double, string> difference, Func<double, string> bound)
    {
        if (comparisons.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder()
            .Append('\n').Append(intro).Append("\n\n")
            .Append(CultureInfo.InvariantCulture, $"| A | B | seeds | {differenceHeader} | 95% t CI | 95% bootstrap CI | p | Holm p | signs |\n")
            .Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var c in comparisons)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {c.A} | {c.B} | {c.Seeds.Count} | {difference(c.MeanDifference)} ")
                .Append(CultureInfo.InvariantCulture, $"| [{bound(c.TLow)}, {bound(c.THigh)}] | [{bound(c.BootstrapLow)}, {bound(c.BootstrapHigh)}] ")
                .Append(CultureInfo.InvariantCulture, $"| {N(c.P, "F3")} | {N(c.HolmP, "F3")} | {c.Signs} |\n");
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="Render"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, SweepSummary summary) => File.WriteAllText(path, Render(summary));

    private static string N(double value, string format) => ResultsFormat.Number(value, format);
}
