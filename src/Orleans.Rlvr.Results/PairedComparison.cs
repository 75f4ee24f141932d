namespace Orleans.Rlvr.Results;

/// <summary>
/// One configuration against another on a per-run number (by default the primary endpoint, the area under the
/// held-out accuracy curve), paired by seed: every arm of a seed shares its warm start, prompt order and sampling
/// seeds, so the per-seed difference d_s = x_A,s − x_B,s removes what the seeds share. Reports the mean difference
/// with a 95% paired-t interval (d̄ ± t_{0.975, n−1} · s_d / √n) and a paired bootstrap interval (seeds resampled with
/// replacement, percentile), the paired-t p-value, its Holm-adjusted value across the comparisons of one table, and
/// the sign of each seed's difference.
/// </summary>
public sealed record PairedComparison(
    string A,
    string B,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<double> Differences,
    double MeanDifference,
    double TLow,
    double THigh,
    double BootstrapLow,
    double BootstrapHigh,
    double P)
{
    /// <summary>Resamples of the paired bootstrap.</summary>
    public const int BootstrapResamples = 10_000;

    /// <summary>The paired-t p-value after Holm's step-down correction over the comparisons it was reported with.</summary>
    public double HolmP { get; init; } = double.NaN;

    /// <summary>Signs of the per-seed differences in seed order, e.g. <c>++-+</c> (<c>0</c> for a tie).</summary>
    public string Signs => string.Concat(Differences.Select(d => d > 0 ? '+' : d < 0 ? '-' : '0'));

    /// <summary>
    /// Every pair of groups in <paramref name="summary"/> (A before B in the summary's order), on the runs that completed
    /// in both for a seed, with Holm-adjusted p-values; pairs with no common seed are left out.
    /// </summary>
    public static IReadOnlyList<PairedComparison> All(SweepSummary summary, Func<RunResult, double>? endpoint = null, int bootstrapSeed = 1)
    {
        ArgumentNullException.ThrowIfNull(summary);
        endpoint ??= r => r.AccuracyArea;
        var comparisons = new List<PairedComparison>();
        for (var a = 0; a < summary.Groups.Count; a++)
        {
            for (var b = a + 1; b < summary.Groups.Count; b++)
            {
                if (Compare(summary.Groups[a], summary.Groups[b], endpoint, bootstrapSeed) is { } comparison)
                {
                    comparisons.Add(comparison);
                }
            }
        }

        return Holm(comparisons);
    }

    /// <summary>A against B on the seeds both completed with a finite endpoint; null when there is none.</summary>
    public static PairedComparison? Compare(GroupResult a, GroupResult b, Func<RunResult, double> endpoint, int bootstrapSeed = 1)
    {
        static Dictionary<int, double> BySeed(GroupResult group, Func<RunResult, double> endpoint) => group.Runs
            .Where(r => r.Run.Status == Orleans.Rlvr.Runs.RunStatus.Completed && double.IsFinite(endpoint(r)))
            .GroupBy(r => r.Run.Seed)
            .ToDictionary(g => g.Key, g => endpoint(g.First()));

        var left = BySeed(a, endpoint);
        var right = BySeed(b, endpoint);
        var seeds = left.Keys.Intersect(right.Keys).Order().ToArray();
        if (seeds.Length == 0)
        {
            return null;
        }

        var differences = seeds.Select(s => left[s] - right[s]).ToArray();
        var n = differences.Length;
        var mean = differences.Average();
        var std = Statistics.SampleStd(differences);
        double tLow = double.NaN, tHigh = double.NaN, p = double.NaN;
        if (n >= 2)
        {
            var halfWidth = StudentT.Quantile(0.975, n - 1) * std / Math.Sqrt(n);
            (tLow, tHigh) = (mean - halfWidth, mean + halfWidth);
            p = std > 0 ? StudentT.TwoSidedP(mean / (std / Math.Sqrt(n)), n - 1) : mean == 0 ? 1 : 0;
        }

        var (bootLow, bootHigh) = Bootstrap(differences, bootstrapSeed);
        return new PairedComparison(a.Label, b.Label, seeds, differences, mean, tLow, tHigh, bootLow, bootHigh, p);
    }

    /// <summary>The 2.5% and 97.5% percentiles of the mean of <paramref name="differences"/> resampled with replacement.</summary>
    private static (double Low, double High) Bootstrap(double[] differences, int seed)
    {
        if (differences.Length < 2)
        {
            return (double.NaN, double.NaN);
        }

        var random = new Random(seed);
        var means = new double[BootstrapResamples];
        for (var i = 0; i < means.Length; i++)
        {
            var sum = 0.0;
            for (var k = 0; k < differences.Length; k++)
            {
                sum += differences[random.Next(differences.Length)];
            }

            means[i] = sum / differences.Length;
        }

        Array.Sort(means);
        return (Percentile(means, 0.025), Percentile(means, 0.975));
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(sorted.Length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>Holm's step-down adjustment: sorted p_(1) ≤ … ≤ p_(m), adjusted p_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j)).</summary>
    public static IReadOnlyList<PairedComparison> Holm(IReadOnlyList<PairedComparison> comparisons)
    {
        var tested = comparisons.Select((c, i) => (c, i)).Where(x => !double.IsNaN(x.c.P)).OrderBy(x => x.c.P).ToArray();
        var adjusted = comparisons.ToArray();
        var running = 0.0;
        for (var j = 0; j < tested.Length; j++)
        {
            running = Math.Max(running, Math.Min(1, (tested.Length - j) * tested[j].c.P));
            adjusted[tested[j].i] = tested[j].c with { HolmP = running };
        }

        return adjusted;
    }
}
