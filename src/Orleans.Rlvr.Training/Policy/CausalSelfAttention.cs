using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>Multi-head self-attention: softmax(Q·Kᵀ/√d_h + mask)·V, with an optional KV cache for decoding.</summary>
public sealed class CausalSelfAttention : nn.Module
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int _heads;
    private readonly int _headDim;

    public CausalSelfAttention(int width, int heads) : base(nameof(CausalSelfAttention))
    {
        _heads = heads;
        _headDim = width / heads;
        qkv = nn.Linear(width, 3 * width);
        proj = nn.Linear(width, width);
        RegisterComponents();
    }

    /// <param name="x">[B, t, D] the new positions.</param>
    /// <param name="mask">[B, 1, t, T_keys] bool, true where a query may attend a key.</param>
    /// <param name="cache">When given, keys/values are appended to layer <paramref name="layer"/> and attention spans the cache.</param>
    public Tensor Forward(Tensor x, Tensor mask, KvCache? cache, int layer)
    {
        var (b, t, d) = (x.shape[0], x.shape[1], x.shape[2]);
        var parts = qkv.forward(x).view(b, t, 3, _heads, _headDim).permute(2, 0, 3, 1, 4);   // [3, B, H, t, D_h]
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        if (cache is not null)
        {
            (k, v) = cache.Append(layer, k, v);                                                // [B, H, T_keys, D_h]
        }

        var attended = nn.functional.scaled_dot_product_attention(q, k, v, mask);              // [B, H, t, D_h]
        return proj.forward(attended.transpose(1, 2).reshape(b, t, d));
    }
}
