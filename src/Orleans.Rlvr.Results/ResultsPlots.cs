using Orleans.Rlvr.Runs;
using ScottPlot;

namespace Orleans.Rlvr.Results;

/// <summary>PNG curves against step, one colour per (aggregator, α): the mean over seeds as a thick line, each seed as a thin one.</summary>
public static class ResultsPlots
{
    private const int Width = 960;
    private const int Height = 540;

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
            Curve(folder, "accuracy.png", summary, "Held-out accuracy (avg@k, T = 1)", "avg@k", r => r.Report.Evaluations.Select(e => (e.Step, e.AverageAtK)), smoothing: 1),
            Curve(folder, "reward.png", summary, "Training reward (moving average of 5 steps)", "mean reward", r => Metric(r.Report, MetricNames.ScoreMean), smoothing: 5),
            Curve(folder, "response_length.png", summary, "Response length", "tokens", r => Metric(r.Report, MetricNames.ResponseLengthMean), smoothing: 1),
            Curve(folder, "grad_norm.png", summary, "Gradient norm (before clipping)", "‖g‖", r => Metric(r.Report, MetricNames.GradNorm), smoothing: 1),
            Curve(folder, "entropy.png", summary, "Policy entropy on the sampled tokens", "nats", r => Metric(r.Report, MetricNames.Entropy), smoothing: 1),
            Curve(folder, "ppo_kl.png", summary, "PPO KL (old → new policy, moving average of 5 steps)", "KL", r => Metric(r.Report, MetricNames.PpoKl), smoothing: 5),
            Curve(folder, "clip_fraction.png", summary, "Share of tokens whose ratio was clipped (moving average of 5 steps)", "clip fraction", r => Metric(r.Report, MetricNames.PgClipFraction), smoothing: 5),
            Curve(folder, "length_spread.png", summary, "Within-group length spread (median over groups of longest / shortest)", "max / min", r => r.Report.Metrics.Select(m => (m.Step, m.Values.TryGetValue(MetricNames.ResponseLengthGroupSpread, out var spread) ? spread : m[MetricNames.ResponseLengthMax] / m[MetricNames.ResponseLengthMin])), smoothing: 1),
            .. diagnostics.Select(key => Curve(folder, $"eval_{key.Replace('/', '_')}.png", summary, $"Held-out {key}", key, r => r.Report.Evaluations.Where(e => e.Diagnostics.ContainsKey(key)).Select(e => (e.Step, e.Diagnostics[key])), smoothing: 1)),
        ];
    }

    private static IEnumerable<(int Step, double Value)> Metric(RunReport report, string key) =>
        report.Metrics.Select(m => (m.Step, m[key]));

    private static string Curve(string folder, string file, SweepSummary summary, string title, string yLabel,
        Func<RunResult, IEnumerable<(int Step, double Value)>> series, int smoothing)
    {
        var plot = new Plot();
        for (var g = 0; g < summary.Groups.Count; g++)
        {
            var group = summary.Groups[g];
            var color = plot.Add.Palette.GetColor(g);
            var perSeed = group.Runs.Select(r => Smooth(series(r).Where(p => double.IsFinite(p.Value)).ToArray(), smoothing)).ToArray();
            if (group.Runs.Count > 1)
            {
                foreach (var points in perSeed.Where(p => p.Length > 0))
                {
                    var seed = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Value).ToArray());
                    seed.Color = color.WithAlpha(0.3);
                    seed.LineWidth = 1;
                }
            }

            var mean = perSeed.SelectMany(p => p).GroupBy(p => p.Step).OrderBy(s => s.Key)
                .Select(s => (Step: s.Key, Value: s.Average(p => p.Value))).ToArray();
            if (mean.Length > 0)
            {
                var line = plot.Add.ScatterLine(mean.Select(p => (double)p.Step).ToArray(), mean.Select(p => p.Value).ToArray());
                line.Color = color;
                line.LineWidth = 2.5f;
                line.LegendText = $"{group.Label} (n={group.Runs.Count})";
            }
        }

        plot.Title($"{title} — sweep {summary.SweepId}");
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
