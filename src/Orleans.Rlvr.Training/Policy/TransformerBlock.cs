using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>A pre-LayerNorm block: x + Attn(LN(x)), then x + MLP(LN(x)) with a GELU MLP.</summary>
public sealed class TransformerBlock : nn.Module
{
    private readonly LayerNorm ln1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln2;
    private readonly Linear fc;
    private readonly Linear fc_out;

    public TransformerBlock(int width, int heads, int mlpRatio) : base(nameof(TransformerBlock))
    {
        ln1 = nn.LayerNorm(width);
        attn = new CausalSelfAttention(width, heads);
        ln2 = nn.LayerNorm(width);
        fc = nn.Linear(width, mlpRatio * width);
        fc_out = nn.Linear(mlpRatio * width, width);
        RegisterComponents();
    }

    /// <param name="x">[B, t, D].</param>
    public Tensor Forward(Tensor x, Tensor mask, KvCache? cache, int layer)
    {
        x = x.add(attn.Forward(ln1.forward(x), mask, cache, layer), TorchScalars.One);
        return x.add(fc_out.forward(nn.functional.gelu(fc.forward(ln2.forward(x)))), TorchScalars.One);
    }
}
