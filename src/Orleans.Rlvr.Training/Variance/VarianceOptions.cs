using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Variance;

/// <summary>Settings of the gradient-variance study (<c>rlvr variance</c>); the policy, G and M come from the run's options.</summary>
public sealed record VarianceOptions
{
    /// <summary>The α values at which ΔL is compared (grpo, dapo and dr-grpo are always compared).</summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } = [0.0, 0.25, 0.5, 0.75, 1.0];

    /// <summary>Responses to sample (whole groups of G, rounded down); bounds memory: one gradient vector is kept per response with A_i ≠ 0.</summary>
    public int Samples { get; init; } = 512;

    /// <summary>K: batches drawn from the pool for every aggregation (the same K batches for all of them).</summary>
    public int Batches { get; init; } = 2000;

    /// <summary>B: prompt groups per batch, drawn with replacement from the pool's groups (the CLI defaults it to the run's promptsPerStep).</summary>
    public int BatchGroups { get; init; } = 8;

    /// <summary>Bootstrap resamples of the responses for the confidence interval of β.</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>The coverage of β's percentile bootstrap interval.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The α values of ΔL to compare, each in [0, 1].</summary>
    public IReadOnlyList<double> Alphas { get; init; } = DefaultAlphas;

    /// <summary>Length bins of the binned fit Var(g_i / A_i | L_i) (equal counts of responses, at least 3 each).</summary>
    public int LengthBins { get; init; } = 6;

    /// <summary>Responses (the first with A_i ≠ 0) whose per-token scores are measured for the token-independence test; 0 skips it (it costs one backward pass per token).</summary>
    public int TokenResponses { get; init; } = 16;

    /// <summary>Seeds the sampling of responses, the batches and the bootstrap.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Throws, naming the field and its allowed range, when a setting is out of range; returns this when all are valid.</summary>
    public VarianceOptions Validate()
    {
        Guard.Range("samples", Samples, 16, 1 << 20);
        Guard.Range("batches", Batches, 2, 10_000_000);
        Guard.Range("batchGroups", BatchGroups, 1, 4096);
        Guard.Range("bootstrapResamples", BootstrapResamples, 200, 1_000_000);
        Guard.Range("confidenceLevel", ConfidenceLevel, 0.5, 0.999);
        Guard.Range("lengthBins", LengthBins, 2, 64);
        Guard.Range("tokenResponses", TokenResponses, 0, 4096);
        ArgumentNullException.ThrowIfNull(Alphas, "alphas");
        if (Alphas.Count == 0)
        {
            throw new ArgumentOutOfRangeException("alphas", Alphas.Count, "alphas must hold at least one α in [0, 1].");
        }

        for (var i = 0; i < Alphas.Count; i++)
        {
            Guard.Range($"alphas[{i}]", Alphas[i], 0.0, 1.0);
        }

        return this;
    }

    /// <summary><see cref="Validate()"/>, and enough samples for two groups of the run's G.</summary>
    public VarianceOptions ValidateFor(RunOptions run)
    {
        Validate();
        if (Samples < 2 * run.Rollout.GroupSize)
        {
            throw new ArgumentOutOfRangeException("samples", Samples, $"samples must be at least 2·groupSize = {2 * run.Rollout.GroupSize} (got {Samples}).");
        }

        return this;
    }
}
