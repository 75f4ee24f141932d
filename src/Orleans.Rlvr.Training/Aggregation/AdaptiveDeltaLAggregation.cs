using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>ΔL with an estimated exponent: x_i = (1/M) · L_i^-α / Σ_j L_j^-α with α = clamp(β̂, 0, 1) from <see cref="AdaptiveAlpha"/>.</summary>
/// <param name="estimator">The online β̂ estimate.</param>
/// <param name="probeEvery">Probe and refit at step 1 and every this many steps.</param>
/// <param name="probeCount">The most responses a probe measures (one backward pass each).</param>
/// <param name="seed">The run seed: each probe's choice of responses and the fit's bootstrap derive from it and the step.</param>
public sealed class AdaptiveDeltaLAggregation(AdaptiveAlpha estimator, int probeEvery, int probeCount, int seed) : IAdaptiveAggregation
{
    /// <summary>The registry entry: no verl name; α comes from the probes, so it takes none; checkpoints <see cref="AdaptiveAlphaState"/>.</summary>
    public static AggregationDescriptor Descriptor { get; } = new(
        "delta-l-auto",
        null,
        TakesAlpha: false,
        (options, seed) => new AdaptiveDeltaLAggregation(new AdaptiveAlpha(), options.AdaptiveAlphaEvery, options.AdaptiveAlphaProbe, seed),
        StateType: typeof(AdaptiveAlphaState),
        OtherAliases: ["delta_l_auto"]);

    public string Name => Descriptor.Name;

    /// <summary>The α the weights use now (it changes as the estimator refits).</summary>
    public double? Alpha => Estimator.Alpha;

    /// <summary>The online estimate of β that sets α.</summary>
    public AdaptiveAlpha Estimator { get; } = estimator;

    public double[] Weights(AggregationScope scope) => new DeltaLAggregation(Estimator.Alpha).Weights(scope);

    /// <summary>On probe steps, measures the batch and refits α; every step reports the α in use.</summary>
    public IReadOnlyDictionary<string, double> BeforeUpdate(int step, IGradientProbe probe)
    {
        var metrics = new Dictionary<string, double>();
        if (step == 1 || step % probeEvery == 0)
        {
            var probeSeed = StepSeeds.AdaptiveAlphaProbe(seed, step);
            var (lengths, deviations) = probe.Measure(probeCount, probeSeed);
            if (Estimator.Observe(lengths, deviations, (int)((probeSeed >> 31) & int.MaxValue)) is { } beta)
            {
                metrics[MetricNames.LengthVarianceBeta] = beta;
            }
        }

        metrics[MetricNames.DeltaLAlpha] = Estimator.Alpha;
        return metrics;
    }

    public AggregationState State => Estimator.State;

    public void Restore(AggregationState state) =>
        Estimator.Restore(state as AdaptiveAlphaState ?? throw new ArgumentException($"state: {state.GetType().Name} is not the state of {Name}.", nameof(state)));
}
