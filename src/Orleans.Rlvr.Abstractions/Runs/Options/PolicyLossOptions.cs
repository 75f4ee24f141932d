namespace Orleans.Rlvr.Runs;

/// <summary>Settings of the per-token PPO clipped surrogate (names as in verl).</summary>
[GenerateSerializer, Immutable, Alias("rlvr.PolicyLossOptions")]
public sealed record PolicyLossOptions
{
    /// <summary>ε_low: the ratio is clipped from below at 1 − ε_low.</summary>
    [Id(0)] public double ClipRatioLow { get; init; } = 0.2;

    /// <summary>ε_high: the ratio is clipped from above at 1 + ε_high (DAPO's clip-higher uses 0.28).</summary>
    [Id(1)] public double ClipRatioHigh { get; init; } = 0.2;

    /// <summary>c of dual-clip PPO: for negative advantages the loss is capped at −A·c. Must exceed 1.</summary>
    [Id(2)] public double ClipRatioC { get; init; } = 3.0;

    /// <summary>β: the weight of the KL term to the reference policy; 0 turns it off.</summary>
    [Id(3)] public double KlCoef { get; init; }

    /// <summary>The per-token KL estimator used when <see cref="KlCoef"/> &gt; 0.</summary>
    [Id(4)] public KlEstimator KlEstimator { get; init; } = KlEstimator.K3;

    /// <summary>Throws, naming the field and its allowed range, when a setting is out of range.</summary>
    public PolicyLossOptions Validate()
    {
        Guard.Range("ppo.loss.clipRatioLow", ClipRatioLow, 0.0, Math.BitDecrement(1.0)); // [0, 1)
        Guard.AtLeast("ppo.loss.clipRatioHigh", ClipRatioHigh, 0.0);
        Guard.AtLeast("ppo.loss.clipRatioC", ClipRatioC, 1.0, inclusive: false);
        Guard.AtLeast("ppo.loss.klCoef", KlCoef, 0.0);
        Guard.Require(Enum.IsDefined(KlEstimator), "ppo.loss.klEstimator", "must be k1, k2 or k3");
        return this;
    }
}
