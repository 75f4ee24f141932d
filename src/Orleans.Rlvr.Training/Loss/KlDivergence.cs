using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Loss;

/// <summary>Per-token KL(π_θ ‖ π_ref) estimates: k1 = d, k2 = ½d², k3 = e^{−d} + d − 1, with d = log π_θ − log π_ref.</summary>
public static class KlDivergence
{
    /// <summary>The estimate for every token; inputs and output are [n, T].</summary>
    public static Tensor PerToken(Tensor logProbs, Tensor refLogProbs, KlEstimator estimator)
    {
        var d = logProbs - refLogProbs;
        return estimator switch
        {
            KlEstimator.K1 => d,
            KlEstimator.K2 => 0.5 * d.square(),
            KlEstimator.K3 => ((-d).clamp(-20.0, 20.0).exp() + d - 1.0).clamp(-10.0, 10.0),
            _ => throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "klEstimator must be k1, k2 or k3."),
        };
    }
}
