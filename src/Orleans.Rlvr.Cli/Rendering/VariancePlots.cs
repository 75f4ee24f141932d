using Orleans.Rlvr.Training.Variance;
using ScottPlot;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>PNGs of a variance study: the β fit (log ‖g_i − ḡ‖² against log L_i with the fitted line) and CV per aggregator.</summary>
public static class VariancePlots
{
    private const int Width = 960;
    private const int Height = 540;

    /// <summary>Writes beta_fit.png and cv.png into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, VarianceResult result)
    {
        Directory.CreateDirectory(folder);
        return [BetaFit(folder, result.Exponent), Cv(folder, result)];
    }

    private static string BetaFit(string folder, VarianceExponent fit)
    {
        var plot = new Plot();
        var xs = fit.Points.Select(p => Math.Log(p.Length)).ToArray();
        var ys = fit.Points.Select(p => Math.Log(p.SquaredDeviation)).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = 4;
        points.LegendText = $"responses (n = {xs.Length})";
        var (low, high) = (xs.Min(), xs.Max());
        var line = plot.Add.Line(low, fit.Intercept + fit.Beta * low, high, fit.Intercept + fit.Beta * high);
        line.LineWidth = 2.5f;
        line.LegendText = FormattableString.Invariant($"fit: β = {fit.Beta:F3} (CI {fit.Lower:F3} to {fit.Upper:F3})");
        plot.Title("Per-sample gradient variance against response length");
        plot.XLabel("log L_i");
        plot.YLabel("log ‖g_i − ḡ‖²");
        plot.ShowLegend(Alignment.UpperLeft);
        var path = Path.Combine(folder, "beta_fit.png");
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static string Cv(string folder, VarianceResult result)
    {
        var plot = new Plot();
        var rows = result.Aggregators;
        var bars = plot.Add.Bars(rows.Select(r => r.Cv).ToArray());
        for (var i = 0; i < rows.Count; i++)
        {
            bars.Bars[i].FillColor = plot.Add.Palette.GetColor(rows[i].Alpha is null ? i : 3);
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, rows.Count).Select(i => (double)i).ToArray(), rows.Select(r => r.Label).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title(FormattableString.Invariant($"Coefficient of variation of the batch gradient ({result.Batches} batches of {result.BatchGroups}×{result.GroupSize})"));
        plot.YLabel("CV = √Var(ĝ) / ‖E ĝ‖");
        var path = Path.Combine(folder, "cv.png");
        plot.SavePng(path, Width, Height);
        return path;
    }
}
