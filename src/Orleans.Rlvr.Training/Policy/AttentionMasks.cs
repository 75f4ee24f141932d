using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>
/// Masks and position ids for left-padded batches. A query attends to earlier real tokens and itself; padding
/// is never attended (a padding query attends only to itself, so no row is all-masked and nothing is NaN).
/// </summary>
public static class AttentionMasks
{
    /// <summary>Position ids: 0 at each row's first real token, counting real tokens; [B, T] from valid [B, T].</summary>
    public static Tensor Positions(Tensor valid) =>
        valid.to_type(ScalarType.Int64).cumsum(1).sub(TorchScalars.One).clamp_min(TorchScalars.Zero);

    /// <summary>The full causal mask [B, 1, T, T]: key j visible to query i iff j ≤ i and j is real, or j = i.</summary>
    public static Tensor Causal(Tensor valid)
    {
        var t = valid.shape[1];
        var causal = ones([t, t], ScalarType.Bool, valid.device).tril();                       // [T, T]
        var keys = valid.to_type(ScalarType.Bool).unsqueeze(1).unsqueeze(1);                   // [B, 1, 1, T]
        var self = eye(t, dtype: ScalarType.Bool, device: valid.device);
        return (causal.logical_and(keys)).logical_or(self);                                    // [B, 1, T, T]
    }

    /// <summary>The mask of one new decoding position over all keys so far: [B, 1, 1, T_keys] from valid [B, T_keys].</summary>
    public static Tensor Step(Tensor validKeys) =>
        validKeys.to_type(ScalarType.Bool).unsqueeze(1).unsqueeze(1);
}
