using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// The gradient-variance study: sample a pool of per-sample gradients from a policy (<see cref="PolicyGradients"/>),
/// fit Var(g_i) ∝ L_i^β (<see cref="VarianceExponentFit"/>), and per length bin with the advantage divided out
/// (<see cref="LengthBinnedVariance"/>), test whether token scores are uncorrelated (<see cref="TokenIndependence"/>), and compare every aggregation's batch gradient on the same
/// batches (<see cref="AggregatorComparison"/>). Seeds: responses, batches and bootstrap each draw from
/// <see cref="StepSeeds.Mix"/>(seed, 0, purpose).
/// </summary>
public static class VarianceStudy
{
    private const int SamplingPurpose = 6_000;
    private const int BatchPurpose = 6_001;
    private const int BootstrapPurpose = 6_002;
    private const int BinnedPurpose = 6_003;
    private const int TokenPurpose = 6_004;

    /// <summary>Samples the pool from <paramref name="policy"/> and analyzes it.</summary>
    public static VarianceResult Run(StudyPolicy policy, VarianceOptions options, IProgress<VarianceProgress>? progress = null)
    {
        options.ValidateFor(policy.Options);
        var pool = PolicyGradients.Sample(policy, options.Samples, StepSeeds.Mix(options.Seed, 0, SamplingPurpose), progress, options.TokenResponses);
        return Analyze(pool, options, policy.Options.Aggregation.Scope, progress);
    }

    /// <summary>β and the aggregator comparison on a given pool (the policy-free part; tests feed synthetic gradients).</summary>
    public static VarianceResult Analyze(GradientPool pool, VarianceOptions options, ScopeKind scope = ScopeKind.Batch, IProgress<VarianceProgress>? progress = null)
    {
        options.Validate();
        progress?.Report(new VarianceProgress("gram matrix", 0, 1));
        var gram = GradientGram.Compute(pool);
        progress?.Report(new VarianceProgress("gram matrix", 1, 1));

        progress?.Report(new VarianceProgress("beta fit", 0, 1));
        var exponent = VarianceExponentFit.Fit(pool, gram, options.BootstrapResamples, options.ConfidenceLevel, Seed(options.Seed, BootstrapPurpose));
        var binned = LengthBinnedVariance.Compute(pool, gram, options.LengthBins, options.BootstrapResamples, options.ConfidenceLevel, Seed(options.Seed, BinnedPurpose));
        var tokens = TokenIndependence.Measure(pool, options.BootstrapResamples, options.ConfidenceLevel, Seed(options.Seed, TokenPurpose));
        progress?.Report(new VarianceProgress("beta fit", 1, 1));

        progress?.Report(new VarianceProgress("aggregator batches", 0, 1));
        var aggregations = LossAggregations.CreateAll(LossAggregations.FixedNames, options.Alphas);
        var batches = PoolBatches.Draw(pool.Groups.Count, options.Batches, options.BatchGroups, Seed(options.Seed, BatchPurpose));
        var rows = AggregatorComparison.Compare(pool, gram, aggregations, batches, scope);
        progress?.Report(new VarianceProgress("aggregator batches", 1, 1));

        return new VarianceResult(
            exponent,
            binned,
            tokens,
            rows,
            pool.Responses,
            pool.NonZero.Count,
            pool.Dimension,
            pool.Groups.Max(g => g.Count),
            pool.MaxResponseLength,
            options.Batches,
            options.BatchGroups);
    }

    private static int Seed(int seed, int purpose) => (int)(StepSeeds.Mix(seed, 0, purpose) & int.MaxValue);
}
