using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Loss;

/// <summary>
/// The step loss Σ_i x_i Σ_t m_{i,t}·ℓ_{i,t}. For a micro-batch, pass that micro-batch's rows and the
/// slice of the whole-scope weights: the micro-batch losses then add up to the step loss exactly.
/// </summary>
public static class AggregatedLoss
{
    /// <param name="tokenLoss">ℓ, [n, T].</param>
    /// <param name="mask">1 where a token counts, [n, T] (any dtype). Masked slots never reach the result, even if NaN.</param>
    /// <param name="weights">x_i, [n], from <see cref="Aggregation.SequenceWeights"/> over the whole scope.</param>
    public static Tensor Compute(Tensor tokenLoss, Tensor mask, Tensor weights)
    {
        if (tokenLoss.dim() != 2 || !tokenLoss.shape.SequenceEqual(mask.shape))
        {
            throw new ArgumentException(
                $"tokenLoss [{string.Join(", ", tokenLoss.shape)}] and mask [{string.Join(", ", mask.shape)}] must have the same [n, T] shape.",
                nameof(mask));
        }

        if (weights.dim() != 1 || weights.shape[0] != tokenLoss.shape[0])
        {
            throw new ArgumentException($"weights must be [n] with n = {tokenLoss.shape[0]}, got [{string.Join(", ", weights.shape)}].", nameof(weights));
        }

        using var scope = NewDisposeScope();
        var counted = mask.to_type(ScalarType.Bool);
        var perSequence = where(counted, tokenLoss, zeros_like(tokenLoss)).sum(1);    // Σ_t m·ℓ, [n]
        return (perSequence * weights.to_type(tokenLoss.dtype)).sum().MoveToOuterDisposeScope();
    }
}
