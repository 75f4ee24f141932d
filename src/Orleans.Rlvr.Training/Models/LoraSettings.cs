namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// LoRA adapters for a decoder: rank r, scale α/r, the projection names that get them (q_proj, ..., down_proj) and the
/// seed of A's initial draw. Each adapted projection computes W·x + b + (α/r)·B·(A·x) with A ~ U(−1/√in, 1/√in) and
/// B = 0 (so training starts at the pretrained function), adapters in float32 whatever the decoder's dtype.
/// </summary>
public sealed record LoraSettings(int Rank, double Alpha, IReadOnlyList<string> Targets, long Seed)
{
    /// <summary>α / r.</summary>
    public double Scale => Alpha / Rank;

    /// <summary>True when the projection <paramref name="module"/> (e.g. <c>model.layers.0.self_attn.q_proj</c>) gets an adapter.</summary>
    public bool Adapts(string module) => Targets.Contains(module[(module.LastIndexOf('.') + 1)..]);
}
