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
        Require(ClipRatioLow >= 0 && ClipRatioLow < 1, nameof(ClipRatioLow), ClipRatioLow, "clipRatioLow must be in [0, 1).");
        Require(ClipRatioHigh >= 0 && double.IsFinite(ClipRatioHigh), nameof(ClipRatioHigh), ClipRatioHigh, "clipRatioHigh must be a finite number ≥ 0.");
        Require(ClipRatioC > 1 && double.IsFinite(ClipRatioC), nameof(ClipRatioC), ClipRatioC, "clipRatioC must be a finite number > 1.");
        Require(KlCoef >= 0 && double.IsFinite(KlCoef), nameof(KlCoef), KlCoef, "klCoef must be a finite number ≥ 0.");
        return this;
    }

    private static void Require(bool condition, string field, double value, string message)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(field, value, message);
        }
    }
}
