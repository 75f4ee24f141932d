namespace Orleans.Rlvr.Runs;

/// <summary>Which sequences share one set of aggregation statistics.</summary>
public enum ScopeKind
{
    /// <summary>The whole training batch of a step (all B·G sequences), as in the paper's reference code. Default.</summary>
    Batch,

    /// <summary>Each prompt's G responses weighted among themselves, then the groups averaged.</summary>
    Group,
}
