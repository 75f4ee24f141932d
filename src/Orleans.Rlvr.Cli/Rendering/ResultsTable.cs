using System.Globalization;
using Orleans.Rlvr.Results;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>The results table: one row per configuration, final accuracy mean ± std over seeds; the paired comparisons; then failed runs with their errors.</summary>
public static class ResultsTable
{
    /// <summary>Writes the table and, below it, one line per run that did not complete.</summary>
    public static void Write(IAnsiConsole console, SweepSummary summary)
    {
        var table = new Table().Title(Markup.Escape($"sweep {summary.SweepId}: held-out avg@k, mean ± std over seeds"))
            .AddColumn("configuration").AddColumn("α").AddColumn(new TableColumn("runs").RightAligned())
            .AddColumn(new TableColumn("final acc").RightAligned()).AddColumn(new TableColumn("initial").RightAligned())
            .AddColumn(new TableColumn("gain").RightAligned()).AddColumn(new TableColumn("best acc @ step").RightAligned())
            .AddColumn(new TableColumn("reward").RightAligned()).AddColumn(new TableColumn("resp len").RightAligned()).AddColumn(new TableColumn("tokens/s").RightAligned())
            .AddColumn(new TableColumn("grad norm").RightAligned());
        foreach (var group in summary.Groups)
        {
            table.AddRow(
                Markup.Escape(group.Label),
                group.Alpha is { } alpha ? alpha.ToString("0.##", CultureInfo.InvariantCulture) : "-",
                $"{group.Completed}/{group.Runs.Count}",
                $"{Number(group.FinalMean, "F3")} ± {Number(group.FinalStd, "F3")}",
                Number(group.InitialMean, "F3"),
                Signed(group.GainMean),
                $"{Number(group.BestMean, "F3")} @ {Number(group.BestStepMean, "F0")}",
                Number(group.RewardMean, "F3"),
                Number(group.ResponseLengthMean, "F1"),
                Number(group.TokensPerSecondMean, "N0"),
                $"{Number(group.GradNormMean, "F3")} ± {Number(group.GradNormStd, "F3")}");
        }

        console.Write(table);
        var comparisons = PairedComparison.All(summary);
        if (comparisons.Count > 0)
        {
            console.Write(ComparisonTable.Create(comparisons, "paired by seed: area under the held-out avg@k curve, A − B (95% CIs; Holm over the table)",
                "A − B", d => Number(d, "+0.0000;-0.0000;0"), bound => Number(bound, "F4")));
        }

        foreach (var run in summary.Runs.Where(r => r.Run.Status != Runs.RunStatus.Completed))
        {
            console.MarkupLine(Markup.Escape($"{run.Run.RunId}: {run.Run.Status.ToString().ToLowerInvariant()} at step {run.Run.Step}{(run.Run.Error is { } e ? $": {e}" : "")}"));
        }
    }

    private static string Number(double value, string format) => ResultsFormat.Number(value, format);

    private static string Signed(double value) =>
        double.IsFinite(value) ? value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) : "-";
}
