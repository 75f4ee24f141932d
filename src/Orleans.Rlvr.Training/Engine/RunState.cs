using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Aggregation;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// What a run carries from step to step besides model and optimizer; saved as JSON in every checkpoint.
/// There is no random-generator state to carry: every draw is seeded from (seed, step, purpose), see <see cref="StepSeeds"/>.
/// </summary>
public sealed record RunState
{
    /// <summary>The options the run was started with.</summary>
    public required RunOptions Options { get; init; }

    /// <summary>The last completed RL step (0: warm start done, no RL step yet).</summary>
    public int Step { get; init; }

    /// <summary>The next unused offset into the task's train prompt stream.</summary>
    public int PromptCursor { get; init; }

    /// <summary>The metrics of every completed step.</summary>
    public IReadOnlyList<StepMetrics> Metrics { get; init; } = [];

    /// <summary>Every evaluation so far, the warm-start policy's (step 0) first.</summary>
    public IReadOnlyList<EvaluationResult> Evaluations { get; init; } = [];

    /// <summary>The warm start's final cross-entropy.</summary>
    public double WarmStartLoss { get; init; }

    /// <summary>What an adaptive aggregation has learned (delta-l-auto: α, β̂ and the probe window); null for the others.</summary>
    public AggregationState? Aggregation { get; init; }
}
