using System.Globalization;
using Orleans.Rlvr.Results;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>The steps-to-threshold table: one row per group, with a speedup column per baseline.</summary>
public static class ThresholdTable
{
    /// <summary>Writes the report of <see cref="ThresholdReport.From"/> as a table.</summary>
    public static void Write(IAnsiConsole console, ThresholdReport report)
    {
        var table = new Table().Title(Markup.Escape($"steps to held-out avg@k ≥ {report.Threshold.ToString("0.###", CultureInfo.InvariantCulture)} (mean over the runs that reach it; speedups only where every run of both reached it)"))
            .AddColumn("group").AddColumn(new TableColumn("reached").RightAligned()).AddColumn(new TableColumn("steps").RightAligned()).AddColumn("per run");
        foreach (var baseline in report.Baselines)
        {
            table.AddColumn(new TableColumn(Markup.Escape($"speedup vs {baseline}")).RightAligned());
        }

        foreach (var row in report.Rows)
        {
            table.AddRow([Markup.Escape(row.Label), $"{row.Reached}/{row.Runs}", ResultsFormat.Number(row.MeanSteps, "F1"), row.PerRun,
                .. report.Baselines.Select(b => ResultsFormat.Number(report.Speedup(row, b), "0.00'×'"))]);
        }

        console.Write(table);
        if (report.Comparisons.Count == 0)
        {
            return;
        }

        console.Write(ComparisonTable.Create(report.Comparisons, "steps to the threshold, paired by seed: ratio A / B with 95% CIs (seeds where both reached it)",
            "A / B", ThresholdReport.Ratio, ThresholdReport.Ratio));
    }
}
