using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>
/// The policy π_θ: a decoder-only causal transformer (learned token and position embeddings, pre-LN blocks,
/// final LayerNorm, linear head). Parameter names are checkpoint keys: renaming a field breaks old checkpoints.
/// </summary>
public sealed class TransformerPolicy : CausalPolicy
{
    private readonly Embedding tok_emb;
    private readonly Embedding pos_emb;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm ln_f;
    private readonly Linear head;

    /// <summary>
    /// Held while a policy draws its initial weights from LibTorch's process-wide generator, so that policies built
    /// on different threads at once (a run opening beside another's rollouts) never interleave their draws.
    /// </summary>
    private static readonly Lock Initialization = new();

    public TransformerPolicy(PolicyOptions options, int vocabSize) : this(options, vocabSize, seed: null)
    {
    }

    /// <summary>A policy whose initial weights come from LibTorch's generator seeded with <paramref name="seed"/> (when given).</summary>
    public TransformerPolicy(PolicyOptions options, int vocabSize, long? seed) : base(nameof(TransformerPolicy))
    {
        Options = options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 2);
        VocabSize = vocabSize;
        lock (Initialization)
        {
            if (seed is { } value)
            {
                manual_seed(value);
            }

            tok_emb = nn.Embedding(vocabSize, options.Width);
            pos_emb = nn.Embedding(options.ContextLength, options.Width);
            blocks = nn.ModuleList(Enumerable.Range(0, options.Depth).Select(_ => new TransformerBlock(options.Width, options.Heads, options.MlpRatio)).ToArray());
            ln_f = nn.LayerNorm(options.Width);
            head = nn.Linear(options.Width, vocabSize, hasBias: false);
            RegisterComponents();
            using (no_grad())
            {
                foreach (var (name, parameter) in named_parameters())
                {
                    if (name.EndsWith("weight", StringComparison.Ordinal) && parameter.dim() == 2)
                    {
                        nn.init.normal_(parameter, 0.0, 0.02);
                    }
                }
            }
        }
    }

    public PolicyOptions Options { get; }

    public override int VocabSize { get; }

    public override int ContextLength => Options.ContextLength;

    public override Tensor Forward(Tensor tokens, Tensor positions, Tensor mask, KvCache? cache = null)
    {
        var x = tok_emb.forward(tokens).add(pos_emb.forward(positions), TorchScalars.One);   // [B, t, D]
        for (var layer = 0; layer < blocks.Count; layer++)
        {
            x = blocks[layer].Forward(x, mask, cache, layer);
        }

        cache?.Advance((int)tokens.shape[1]);
        return head.forward(ln_f.forward(x));
    }

    public override KvCache NewCache(long batch, int capacity)
    {
        var weight = head.weight!;
        return new KvCache(Options.Depth, batch, Options.Heads, capacity, Options.Width / Options.Heads, weight.dtype, weight.device);
    }
}
