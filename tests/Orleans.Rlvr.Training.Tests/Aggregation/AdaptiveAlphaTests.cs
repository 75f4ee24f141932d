using System.Text.Json;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Sweeps;

namespace Orleans.Rlvr.Training.Tests.Aggregation;

public sealed class AdaptiveAlphaTests
{
    /// <summary>Probes of 16 responses with ‖g_i − ḡ‖² = L_i^β · e^(0.3 z), z standard normal, L_i uniform in [4, 96].</summary>
    private static void ObserveSynthetic(AdaptiveAlpha estimator, double beta, int probes, int seed)
    {
        var random = new Random(seed);
        for (var probe = 0; probe < probes; probe++)
        {
            var lengths = Enumerable.Range(0, 16).Select(_ => random.Next(4, 97)).ToArray();
            var deviations = lengths.Select(length => Math.Pow(length, beta) * Math.Exp(0.3 * Gaussian(random))).ToArray();
            estimator.Observe(lengths, deviations, seed: probe);
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Observe_VarianceGrowingAsLengthToTheHalf_SetsAlphaToOneHalf()
    {
        var estimator = new AdaptiveAlpha();

        ObserveSynthetic(estimator, beta: 0.5, probes: 16, seed: 1);

        Assert.InRange(estimator.Alpha, 0.45, 0.55);
        Assert.Equal(estimator.Alpha, estimator.Beta);
    }

    [Theory]
    [InlineData(1.7, 1.0)]
    [InlineData(-0.3, 0.0)]
    public void Observe_ExponentOutsideTheUnitInterval_ClampsAlpha(double beta, double expectedAlpha)
    {
        var estimator = new AdaptiveAlpha();

        ObserveSynthetic(estimator, beta, probes: 16, seed: 2);

        Assert.Equal(expectedAlpha, estimator.Alpha);
        Assert.InRange(estimator.Beta!.Value, beta - 0.1, beta + 0.1);
    }

    [Theory]
    [InlineData(new[] { 10, 20 }, new[] { 1.0, 4.0 })]                       // two responses: too few to fit
    [InlineData(new[] { 30, 30, 30, 30 }, new[] { 1.0, 2.0, 3.0, 4.0 })]     // a single length cannot give a slope
    [InlineData(new[] { 10, 20, 30, 40 }, new[] { 0.0, 0.0, -1.0, double.NaN })]   // no usable deviation
    [InlineData(new int[0], new double[0])]
    public void Alpha_IsOneUntilTheFirstSuccessfulFit(int[] lengths, double[] deviations)
    {
        var estimator = new AdaptiveAlpha();

        Assert.Null(estimator.Observe(lengths, deviations, seed: 1));

        Assert.Equal(1.0, estimator.Alpha);
        Assert.Null(estimator.Beta);
    }

    [Fact]
    public void Observe_WindowFullOfNewerProbes_ForgetsTheOlderExponent()
    {
        var estimator = new AdaptiveAlpha(window: 64);
        ObserveSynthetic(estimator, beta: 1.7, probes: 8, seed: 3);
        Assert.Equal(1.0, estimator.Alpha);

        ObserveSynthetic(estimator, beta: -0.3, probes: 4, seed: 4);   // 4 · 16 = 64 responses: the window holds only these

        Assert.Equal(0.0, estimator.Alpha);
        Assert.Equal(64, estimator.State.Window.Count);
    }

    [Fact]
    public void State_RoundTrippedThroughCheckpointJson_ContinuesBitIdentically()
    {
        var original = new AdaptiveAlpha();
        ObserveSynthetic(original, beta: 0.5, probes: 5, seed: 5);
        var restored = new AdaptiveAlpha();
        restored.Restore((AdaptiveAlphaState)JsonSerializer.Deserialize<AggregationState>(JsonSerializer.Serialize<AggregationState>(original.State, RlvrJson.Options), RlvrJson.Options)!);

        ObserveSynthetic(original, beta: 0.8, probes: 3, seed: 6);
        ObserveSynthetic(restored, beta: 0.8, probes: 3, seed: 6);

        Assert.Equal(original.Beta, restored.Beta);
        Assert.Equal(original.Alpha, restored.Alpha);
    }

    [Fact]
    public void Weights_AreDeltaLWeightsAtTheEstimatedAlpha()
    {
        var estimator = new AdaptiveAlpha();
        ObserveSynthetic(estimator, beta: 0.5, probes: 4, seed: 7);
        var scope = AggregationScope.Create([3, 0, 17, 40, 96], maxLength: 96);

        var weights = new AdaptiveDeltaLAggregation(estimator, probeEvery: 5, probeCount: 16, seed: 1).Weights(scope);

        Assert.Equal(new DeltaLAggregation(estimator.Alpha).Weights(scope), weights);
        Assert.NotEqual(new DeltaLAggregation(1.0).Weights(scope), weights);
    }

    [Fact]
    public void Registry_CreatesDeltaLAuto_StartingAtAlphaOne()
    {
        Assert.True(LossAggregations.IsKnown("delta-l-auto"));
        Assert.Contains("delta-l-auto", LossAggregations.Names);

        var aggregation = LossAggregations.Create("delta-l-auto", alpha: 0.25);

        Assert.IsType<AdaptiveDeltaLAggregation>(aggregation);
        Assert.Equal("delta-l-auto", aggregation.Name);
        Assert.Equal(1.0, aggregation.Alpha);
    }

    [Fact]
    public void UnknownAggregator_ListsDeltaLAutoAmongTheValidNames()
    {
        var registry = Assert.Throws<ArgumentException>(() => LossAggregations.Create("delta-l-automatic"));
        var options = Assert.Throws<ArgumentException>(() => RunOptionsValidation.Validate(TrainingPresets.Get("smoke") with { Aggregation = new AggregationOptions { Aggregator = "nope" } }));
        var sweep = Assert.Throws<ArgumentException>(() => SweepPlan.Expand("s1", new SweepSpec { Aggregators = ["nope"] }));

        Assert.Contains("delta-l-auto", registry.Message);
        Assert.Contains("delta-l-auto", options.Message);
        Assert.Contains("delta-l-auto", sweep.Message);
    }

    [Fact]
    public void SweepPlan_DeltaLAuto_RunsOncePerSeedWithoutAlphaValues()
    {
        var runs = SweepPlan.Expand("s1", new SweepSpec { Aggregators = ["delta-l-auto", "delta-l"], Alphas = [0.5, 1.0], Seeds = [1, 2, 3] });

        var auto = runs.Where(r => r.Options.Aggregation.Aggregator == "delta-l-auto").ToArray();
        Assert.Equal(["s1/delta-l-auto-s1", "s1/delta-l-auto-s2", "s1/delta-l-auto-s3"], auto.Select(r => r.RunId));
        Assert.All(auto, r => Assert.Null(r.ReportedAlpha));
        Assert.Equal(6, runs.Count(r => r.Options.Aggregation.Aggregator == "delta-l"));
    }

    [Theory]
    [InlineData("adaptiveAlphaEvery", 0, 16)]
    [InlineData("adaptiveAlphaProbe", 5, 2)]
    public void Validate_AdaptiveAlphaOptionOutOfRange_NamesTheField(string field, int every, int probe)
    {
        var options = TrainingPresets.Get("smoke") with { Aggregation = new AggregationOptions { Aggregator = "delta-l-auto", AdaptiveAlphaEvery = every, AdaptiveAlphaProbe = probe } };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Contains(field, error.Message);
    }
}
