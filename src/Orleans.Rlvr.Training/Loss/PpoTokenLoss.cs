using TorchSharp;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Loss;

/// <summary>
/// The per-token PPO clipped surrogate with clip-higher and dual clip, plus an optional KL term:
/// ℓ_{i,t} = max(−A_i·ρ, −A_i·clip(ρ, 1−ε_low, 1+ε_high)), capped at −A_i·c when A_i &lt; 0, + β·KL_{i,t},
/// with ρ = exp(log π_θ − log π_old). Masked slots are zeroed before any arithmetic, so NaN or Inf there
/// reaches neither the loss nor the gradients.
/// </summary>
public static class PpoTokenLoss
{
    /// <summary>Computes ℓ_{i,t} and its diagnostics.</summary>
    /// <param name="logProbs">log π_θ of the sampled tokens, [n, T], differentiable.</param>
    /// <param name="oldLogProbs">log π_old recorded at sampling time, [n, T].</param>
    /// <param name="advantages">A_i per sequence, [n] (or per token, [n, T]).</param>
    /// <param name="mask">1 where a token counts, 0 elsewhere, [n, T] (any dtype).</param>
    /// <param name="options">Clip ratios and KL settings.</param>
    /// <param name="refLogProbs">log π_ref, [n, T]; required when <see cref="PolicyLossOptions.KlCoef"/> &gt; 0.</param>
    public static TokenLoss Compute(
        Tensor logProbs,
        Tensor oldLogProbs,
        Tensor advantages,
        Tensor mask,
        PolicyLossOptions options,
        Tensor? refLogProbs = null)
    {
        options.Validate();
        if (options.KlCoef > 0 && refLogProbs is null)
        {
            throw new ArgumentException("refLogProbs is required when klCoef > 0.", nameof(refLogProbs));
        }

        using var scope = torch.NewDisposeScope();
        var counted = mask.to_type(ScalarType.Bool);                                      // [n, T]
        var logp = Masked(logProbs, counted);
        var oldLogp = Masked(oldLogProbs, counted);
        var adv = advantages.dim() == 1 ? advantages.unsqueeze(1) : advantages;            // [n, 1] or [n, T]
        adv = Masked(adv.expand_as(logp).to_type(logp.dtype), counted);

        var logRatio = (logp - oldLogp).clamp(-20.0, 20.0);
        var ratio = logRatio.exp();                                                       // ρ, [n, T]
        var unclipped = -adv * ratio;
        var clipped = -adv * ratio.clamp(1.0 - options.ClipRatioLow, 1.0 + options.ClipRatioHigh);
        var surrogate = torch.maximum(unclipped, clipped);
        var cap = -adv * options.ClipRatioC;
        var negative = adv.lt(0);
        var policyLoss = torch.where(negative, torch.minimum(surrogate, cap), surrogate);

        var tokenLoss = policyLoss;
        Tensor? kl = null;
        if (options.KlCoef > 0)
        {
            kl = KlDivergence.PerToken(logp, Masked(refLogProbs!, counted), options.KlEstimator);
            tokenLoss = tokenLoss + options.KlCoef * kl;
        }

        var zeros = torch.zeros_like(tokenLoss);
        var result = new TokenLoss(
            torch.where(counted, tokenLoss, zeros),
            torch.where(counted, clipped.gt(unclipped), torch.zeros_like(counted)),
            torch.where(counted, negative.logical_and(surrogate.gt(cap)), torch.zeros_like(counted)),
            torch.where(counted, -logRatio, zeros),
            kl is null ? null : torch.where(counted, kl, zeros));
        result.MoveToOuterDisposeScope();
        return result;
    }

    private static Tensor Masked(Tensor values, Tensor counted) =>
        torch.where(counted, values, torch.zeros_like(values));
}
