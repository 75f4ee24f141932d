namespace Orleans.Rlvr.Runs;

/// <summary>Which sequences share one set of aggregation statistics.</summary>
public enum ScopeKind
{
    /// <summary>
    /// Each PPO mini-batch (its groups' sequences) on its own; the whole step when <c>ppo.miniBatches</c> is 1. The
    /// default before 2026-12-01 (checkpoints that say <c>batch</c> keep it).
    /// </summary>
    Batch,

    /// <summary>Each prompt's G responses weighted among themselves, then the groups averaged.</summary>
    Group,

    /// <summary>
    /// The whole step's batch (all B·G sequences), as the paper's code normalises in <c>compute_advantage</c> before
    /// splitting into mini-batches: each mini-batch keeps its sequences' share of the step's weights. Default.
    /// </summary>
    Step,
}
