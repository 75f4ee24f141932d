using System.Globalization;
using Orleans.Rlvr.Results;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>Paired comparisons (<see cref="PairedComparison"/>) as a console table: A, B, seeds, the difference, its 95% intervals, p, Holm p and the signs.</summary>
public static class ComparisonTable
{
    /// <summary>
    /// The table titled <paramref name="title"/>, the mean difference under <paramref name="differenceHeader"/> written by
    /// <paramref name="difference"/>, the interval bounds by <paramref name="bound"/> (e.g. as ratios for a log-scale endpoint).
    /// </summary>
    public static Table Create(IReadOnlyList<PairedComparison> comparisons, string title, string differenceHeader, Func<double, string> difference, Func<double, string> bound)
    {
        var table = new Table().Title(Markup.Escape(title))
            .AddColumn("A").AddColumn("B").AddColumn(new TableColumn("seeds").RightAligned()).AddColumn(new TableColumn(Markup.Escape(differenceHeader)).RightAligned())
            .AddColumn(new TableColumn("95% t CI").RightAligned()).AddColumn(new TableColumn("95% bootstrap CI").RightAligned())
            .AddColumn(new TableColumn("p").RightAligned()).AddColumn(new TableColumn("Holm p").RightAligned()).AddColumn("signs");
        foreach (var c in comparisons)
        {
            table.AddRow(Markup.Escape(c.A), Markup.Escape(c.B), c.Seeds.Count.ToString(CultureInfo.InvariantCulture), Markup.Escape(difference(c.MeanDifference)),
                Markup.Escape($"[{bound(c.TLow)}, {bound(c.THigh)}]"), Markup.Escape($"[{bound(c.BootstrapLow)}, {bound(c.BootstrapHigh)}]"),
                ResultsFormat.Number(c.P, "F3"), ResultsFormat.Number(c.HolmP, "F3"), c.Signs);
        }

        return table;
    }
}
