namespace Orleans.Rlvr.Runs;

/// <summary>Per-token estimators of KL(π_θ ‖ π_ref) from log-ratios of sampled tokens (Schulman's k1, k2, k3).</summary>
public enum KlEstimator
{
    /// <summary>k1 = log π_θ − log π_ref (unbiased, high variance, can be negative).</summary>
    K1,

    /// <summary>k2 = ½ (log π_θ − log π_ref)² (biased, low variance).</summary>
    K2,

    /// <summary>k3 = exp(log π_ref − log π_θ) − (log π_ref − log π_θ) − 1 (unbiased, low variance, ≥ 0).</summary>
    K3,
}
