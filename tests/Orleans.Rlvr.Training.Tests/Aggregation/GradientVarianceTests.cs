using Orleans.Rlvr.Training.Aggregation;

namespace Orleans.Rlvr.Training.Tests.Aggregation;

/// <summary>
/// The paper's variance argument, measured: per-sample gradients g_i = μ + √(V·L_i)·z_i (same mean, variance ∝ L_i),
/// every aggregator applied to the same draws, CV = std(ĝ)/|E ĝ| of the batch estimate ĝ = Σ_i x_i g_i.
/// </summary>
public sealed class GradientVarianceTests
{
    private static readonly int[] Lengths = [16, 32, 64, 128, 256, 512, 1024, 2048];
    private const int M = 2048;
    private const int Draws = 40_000;

    [Fact]
    public void CoefficientOfVariation_FollowsThePapersOrdering_WhenVarianceGrowsWithLength()
    {
        var cv = MeasureCv(varianceOf: length => length);

        Assert.Equal(cv["grpo"], cv["delta-l@1"], 1e-9);
        Assert.Equal(cv["dapo"], cv["dr-grpo"], 1e-9);
        Assert.True(cv["delta-l@1"] < cv["delta-l@0.75"], Describe(cv));
        Assert.True(cv["delta-l@0.75"] < cv["delta-l@0.5"], Describe(cv));
        Assert.True(cv["delta-l@0.5"] < cv["delta-l@0.25"], Describe(cv));
        Assert.True(cv["delta-l@0.25"] < cv["dr-grpo"], Describe(cv));
        Assert.Equal(cv["dr-grpo"], cv["delta-l@0"], 1e-9);
    }

    [Fact]
    public void CoefficientOfVariation_OrderingReverses_WhenVarianceDoesNotGrowWithLength()
    {
        // The ordering above is a consequence of Var ∝ L, not of the measurement: with constant variance,
        // equal weights are optimal and 1/L weighting is the worst.
        var cv = MeasureCv(varianceOf: _ => 1.0);
        Assert.True(cv["dr-grpo"] < cv["delta-l@0.5"], Describe(cv));
        Assert.True(cv["delta-l@0.5"] < cv["delta-l@1"], Describe(cv));
    }

    private static Dictionary<string, double> MeasureCv(Func<int, double> varianceOf)
    {
        var aggregations = new Dictionary<string, ILossAggregation>
        {
            ["grpo"] = new GrpoAggregation(),
            ["dapo"] = new DapoAggregation(),
            ["dr-grpo"] = new DrGrpoAggregation(),
            ["delta-l@0"] = new DeltaLAggregation(0),
            ["delta-l@0.25"] = new DeltaLAggregation(0.25),
            ["delta-l@0.5"] = new DeltaLAggregation(0.5),
            ["delta-l@0.75"] = new DeltaLAggregation(0.75),
            ["delta-l@1"] = new DeltaLAggregation(1),
        };
        var scope = AggregationScope.Create(Lengths, M);
        var weights = aggregations.ToDictionary(a => a.Key, a => a.Value.Weights(scope));
        var sums = aggregations.Keys.ToDictionary(k => k, _ => 0.0);
        var squares = aggregations.Keys.ToDictionary(k => k, _ => 0.0);

        var random = new Random(12345);
        const double mean = 1.0;
        var draw = new double[Lengths.Length];
        for (var d = 0; d < Draws; d++)
        {
            for (var i = 0; i < Lengths.Length; i++)
            {
                draw[i] = mean + Math.Sqrt(varianceOf(Lengths[i])) * Gaussian(random);
            }

            foreach (var (name, x) in weights)
            {
                var estimate = 0.0;
                for (var i = 0; i < draw.Length; i++)
                {
                    estimate += x[i] * draw[i];
                }

                sums[name] += estimate;
                squares[name] += estimate * estimate;
            }
        }

        return aggregations.Keys.ToDictionary(k => k, k =>
        {
            var m = sums[k] / Draws;
            var variance = squares[k] / Draws - m * m;
            return Math.Sqrt(variance) / Math.Abs(m);
        });
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static string Describe(Dictionary<string, double> cv) =>
        string.Join(", ", cv.Select(p => $"{p.Key}={p.Value:F4}"));
}
