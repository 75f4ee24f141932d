using Orleans.Rlvr.Runs;
using ScottPlot;

namespace Orleans.Rlvr.Results;

/// <summary>
/// PNG curves against step, one colour per (aggregator, α): the mean over seeds with its 95% band (<see cref="MeanBand"/>);
/// the x axis spans exactly the steps with data, the y axis the band within the metric's domain.
/// </summary>
public static class ResultsPlots
{
    private const int Width = 960;
    private const int Height = 540;
    private const double Unbounded = double.PositiveInfinity;

    /// <summary>The curves every sweep gets, in the order <see cref="Write"/> returns them.</summary>
    public static IReadOnlyList<string> FixedFiles { get; } =
        ["accuracy.png", "reward.png", "response_length.png", "grad_norm.png", "entropy.png", "ppo_kl.png", "clip_fraction.png", "length_spread.png"];

    /// <summary>
    /// Writes <see cref="FixedFiles"/> into <paramref name="folder"/>, then one <c>eval_&lt;diagnostic&gt;.png</c> per
    /// diagnostic the task reported with its held-out evaluations (e.g. <c>eval_countdown_false_found.png</c>); returns their paths.
    /// </summary>
    public static IReadOnlyList<string> Write(string folder, SweepSummary summary)
    {
        Directory.CreateDirectory(folder);
        var diagnostics = summary.Runs.SelectMany(r => r.Report.Evaluations).SelectMany(e => e.Diagnostics.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        return
        [
            Curve(folder, "accuracy.png", summary, "Held-out accuracy (avg@k, T = 1)", "avg@k", r => r.Report.Evaluations.Select(e => (e.Step, e.AverageAtK)), smoothing: 1, 0, 1),
            Curve(folder, "reward.png", summary, "Training reward (moving average of 5 steps)", "mean reward", r => Metric(r.Report, MetricNames.ScoreMean), smoothing: 5),
            Curve(folder, "response_length.png", summary, "Response length", "tokens", r => Metric(r.Report, MetricNames.ResponseLengthMean), smoothing: 1, 0),
            Curve(folder, "grad_norm.png", summary, "Gradient norm (before clipping)", "‖g‖", r => Metric(r.Report, MetricNames.GradNorm), smoothing: 1, 0),
            Curve(folder, "entropy.png", summary, "Policy entropy on the sampled tokens", "nats", r => Metric(r.Report, MetricNames.Entropy), smoothing: 1, 0),
            Curve(folder, "ppo_kl.png", summary, "PPO KL (old → new policy, moving average of 5 steps)", "KL", r => Metric(r.Report, MetricNames.PpoKl), smoothing: 5),
            Curve(folder, "clip_fraction.png", summary, "Share of tokens whose ratio was clipped (moving average of 5 steps)", "clip fraction", r => Metric(r.Report, MetricNames.PgClipFraction), smoothing: 5, 0, 1),
            Curve(folder, "length_spread.png", summary, "Within-group length spread (median over groups of longest / shortest)", "max / min", r => r.Report.Metrics.Select(m => (m.Step, m.Values.TryGetValue(MetricNames.ResponseLengthGroupSpread, out var spread) ? spread : m[MetricNames.ResponseLengthMax] / m[MetricNames.ResponseLengthMin])), smoothing: 1, 1),
            .. diagnostics.Select(key => Curve(folder, $"eval_{key.Replace('/', '_')}.png", summary, $"Held-out {key}", key, r => r.Report.Evaluations.Where(e => e.Diagnostics.ContainsKey(key)).Select(e => (e.Step, e.Diagnostics[key])), smoothing: 1)),
        ];
    }

    private static IEnumerable<(int Step, double Value)> Metric(RunReport report, string key) =>
        report.Metrics.Select(m => (m.Step, m[key]));

    private static string Curve(string folder, string file, SweepSummary summary, string title, string yLabel,
        Func<RunResult, IEnumerable<(int Step, double Value)>> series, int smoothing, double lower = double.NegativeInfinity, double upper = Unbounded)
    {
        var plot = new Plot();
        var bands = new List<BandPoint>();
        for (var g = 0; g < summary.Groups.Count; g++)
        {
            var group = summary.Groups[g];
            var color = plot.Add.Palette.GetColor(g);
            var band = MeanBand.Across(group.Runs.Select(r => Smooth(series(r).Where(p => double.IsFinite(p.Value)).ToArray(), smoothing)), lower, upper);
            if (band.Count == 0)
            {
                continue;
            }

            var steps = band.Select(p => (double)p.Step).ToArray();
            if (band.Any(p => p.High > p.Low))
            {
                var fill = plot.Add.FillY(steps, band.Select(p => p.Low).ToArray(), band.Select(p => p.High).ToArray());
                fill.FillColor = color.WithAlpha(0.2);
                fill.LineWidth = 0;
            }

            var line = plot.Add.ScatterLine(steps, band.Select(p => p.Mean).ToArray());
            line.Color = color;
            line.LineWidth = 2.5f;
            line.LegendText = $"{group.Label} (n={group.Runs.Count})";
            bands.AddRange(band);
        }

        if (bands.Count > 0)
        {
            var (bottom, top) = MeanBand.AxisRange(bands.SelectMany(p => new[] { p.Low, p.High, p.Mean }), lower, upper)!.Value;
            int first = bands.Min(p => p.Step), last = bands.Max(p => p.Step);
            plot.Axes.SetLimits(first, last > first ? last : first + 1, bottom, top);
        }

        plot.Title($"{title}\nsweep {summary.SweepId}: mean over seeds, 95% band");
        plot.XLabel("step");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        var path = Path.Combine(folder, file);
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static (int Step, double Value)[] Smooth((int Step, double Value)[] points, int window)
    {
        if (window <= 1)
        {
            return points;
        }

        return points.Select((p, i) => (p.Step, points.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(window, i + 1)).Average(q => q.Value))).ToArray();
    }
}
