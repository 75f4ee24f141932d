using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Variance;

namespace Orleans.Rlvr.Training.Tests.Variance;

public sealed class AggregatorComparisonTests
{
    private static readonly VarianceOptions Options = new() { Batches = 2000, BatchGroups = 8, BootstrapResamples = 200, Seed = 11 };

    [Fact]
    public void Cv_OfDeltaLAlphaOne_IsBelowDapoAndDrGrpo_WhenVarianceGrowsWithLength()
    {
        var rows = Measure(SyntheticGradients.Pool(variance: length => 0.5 * length));

        Assert.True(rows["delta-l α=1"].Cv < 0.9 * rows["dapo"].Cv, Describe(rows));
        Assert.True(rows["delta-l α=1"].Cv < 0.9 * rows["dr-grpo"].Cv, Describe(rows));
        Assert.True(rows["delta-l α=1"].Cv < rows["delta-l α=0.5"].Cv, Describe(rows));
        Assert.True(rows["delta-l α=0.5"].Cv < rows["dr-grpo"].Cv, Describe(rows));
        Assert.Equal(rows["dr-grpo"].Cv, rows["delta-l α=0"].Cv, 1e-9);
    }

    [Fact]
    public void Cv_OrderingReverses_WhenVarianceDoesNotGrowWithLength()
    {
        // The ordering above comes from Var ∝ L, not from the measurement: with a constant variance, 1/L weights are the worst.
        var rows = Measure(SyntheticGradients.Pool(variance: _ => 64.0));

        Assert.True(rows["dr-grpo"].Cv < 0.9 * rows["delta-l α=1"].Cv, Describe(rows));
        Assert.True(rows["delta-l α=0.5"].Cv < rows["delta-l α=1"].Cv, Describe(rows));
    }

    [Fact]
    public void Bias_IsNearZeroForDrGrpoAndDeltaL_AndLargeForGrpoAndDapo_WhenLengthsDoNotChangeTheGradientMean()
    {
        // The paper's model: every g_i estimates the same gradient; ΔL's weights sum to 1/M, GRPO's and DAPO's depend on
        // the lengths. A low-noise pool, so that its own noise (BiasNoise) stays small next to the biases measured.
        var rows = Measure(SyntheticGradients.Pool(variance: length => 0.01 * length, groups: 200));

        Assert.Equal(0.0, rows["dr-grpo"].Bias, 1e-9);
        foreach (var alpha in new[] { "0", "0.25", "0.5", "0.75", "1" })
        {
            var row = rows[$"delta-l α={alpha}"];
            Assert.True(row.Bias < 0.05 && row.Bias < 3 * row.BiasNoise + 1e-9, Describe(rows));
        }

        Assert.True(rows["grpo"].Bias > 0.5 && rows["grpo"].Bias > 10 * rows["grpo"].BiasNoise, Describe(rows));
        Assert.True(rows["dapo"].Bias > 0.5 && rows["dapo"].Bias > 10 * rows["dapo"].BiasNoise, Describe(rows));
        Assert.All(rows.Values, row => Assert.True(row.DirectionBias < 0.01, Describe(rows)));
    }

    [Fact]
    public void BiasNoise_SizesTheBiasAFinitePoolShowsByChance()
    {
        // A noisy pool under the same model: ΔL α=1 weighs the pool's noise differently from ḡ and shows a bias of about
        // BiasNoise, not a real one.
        var rows = Measure(SyntheticGradients.Pool(variance: length => 0.5 * length));

        var row = rows["delta-l α=1"];
        Assert.InRange(row.Bias, row.BiasNoise / 3, 3 * row.BiasNoise);
        Assert.Equal(0.0, rows["dr-grpo"].BiasNoise, 1e-9);
    }

    [Fact]
    public void Bias_OfDeltaL_Appears_WhenTheGradientMeanGrowsWithLength_WhileDrGrpoStaysUnbiased()
    {
        // ΔL is unbiased only if E[g_i | L_i] does not depend on L_i: with a mean ∝ L_i, α = 1 sees the harmonic mean of the lengths.
        var rows = Measure(SyntheticGradients.Pool(variance: length => 0.01 * length, meanScale: length => length / 132.0, groups: 200));

        Assert.Equal(0.0, rows["dr-grpo"].Bias, 1e-9);
        Assert.True(rows["delta-l α=0"].Bias < 0.02, Describe(rows));
        Assert.True(rows["delta-l α=1"].Bias > 0.3 && rows["delta-l α=1"].Bias > 5 * rows["delta-l α=1"].BiasNoise, Describe(rows));
        Assert.True(rows["delta-l α=0.5"].Bias < rows["delta-l α=1"].Bias, Describe(rows));
    }

    [Fact]
    public void GramFormStatistics_EqualThoseOfExplicitBatchGradients()
    {
        var pool = SyntheticGradients.Pool(variance: length => length, groups: 6, groupSize: 3, dimension: 5, maxLength: 40, minLength: 1, seed: 5);
        var batches = PoolBatches.Draw(pool.Groups.Count, batches: 40, batchGroups: 2, seed: 9);
        var aggregations = new ILossAggregation[] { new GrpoAggregation(), new DapoAggregation(), new DrGrpoAggregation(), new DeltaLAggregation(0.5) };

        var rows = AggregatorComparison.Compare(pool, GradientGram.Compute(pool), aggregations, batches);

        var control = Explicit(pool, batches, new DrGrpoAggregation());
        var target = Mean(pool.Groups.SelectMany(g => g).Select(s => s.Gradient!.Select(v => v / (double)pool.MaxResponseLength).ToArray()).ToArray());
        for (var a = 0; a < aggregations.Length; a++)
        {
            var estimates = Explicit(pool, batches, aggregations[a]);
            var mean = Mean(estimates);
            var variance = estimates.Average(e => SquaredNorm(Subtract(e, mean)));
            var controlMean = Mean(control);
            var covariance = estimates.Select((e, k) => Dot(Subtract(e, mean), Subtract(control[k], controlMean))).Average();
            var c = covariance / control.Average(d => SquaredNorm(Subtract(d, controlMean)));
            var expected = Subtract(mean, Subtract(controlMean, target).Select(v => c * v).ToArray());

            Assert.Equal(variance, rows[a].Variance, variance * 1e-9);
            Assert.Equal(Math.Sqrt(variance / SquaredNorm(expected)), rows[a].Cv, 1e-9);
            Assert.Equal(Math.Sqrt(SquaredNorm(Subtract(expected, target)) / SquaredNorm(target)), rows[a].Bias, 1e-9);
            Assert.Equal(1 - Dot(expected, target) / Math.Sqrt(SquaredNorm(expected) * SquaredNorm(target)), rows[a].DirectionBias, 1e-9);
        }
    }

    private static Dictionary<string, AggregatorVariance> Measure(GradientPool pool) =>
        VarianceStudy.Analyze(pool, Options).Aggregators.ToDictionary(r => r.Label);

    /// <summary>ĝ_k = Σ_i x_i g_i of every batch, as dense vectors.</summary>
    private static double[][] Explicit(GradientPool pool, int[][] batches, ILossAggregation aggregation) =>
        batches.Select(batch =>
        {
            var samples = batch.SelectMany(g => pool.Groups[g]).ToArray();
            var weights = SequenceWeights.Compute(aggregation, samples.Select(s => s.Length).ToArray(), pool.MaxResponseLength);
            var estimate = new double[pool.Dimension];
            for (var i = 0; i < samples.Length; i++)
            {
                for (var d = 0; d < estimate.Length; d++)
                {
                    estimate[d] += weights[i] * samples[i].Gradient![d];
                }
            }

            return estimate;
        }).ToArray();

    private static double[] Mean(double[][] vectors) =>
        Enumerable.Range(0, vectors[0].Length).Select(d => vectors.Average(v => v[d])).ToArray();

    private static double[] Subtract(double[] a, double[] b) => a.Select((v, i) => v - b[i]).ToArray();

    private static double Dot(double[] a, double[] b) => a.Select((v, i) => v * b[i]).Sum();

    private static double SquaredNorm(double[] a) => Dot(a, a);

    private static string Describe(Dictionary<string, AggregatorVariance> rows) =>
        string.Join("; ", rows.Values.Select(r => FormattableString.Invariant($"{r.Label}: cv={r.Cv:F4} var={r.Variance:G4} bias={r.Bias:F4}±{r.BiasNoise:F4} dir={r.DirectionBias:F5}")));
}
