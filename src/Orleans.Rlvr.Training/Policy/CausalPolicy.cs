using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>
/// What the sampler, the learner, the warm start and the checkpoints need of a policy π_θ: logits for left-padded
/// batches at given positions under a boolean attention mask, optionally appending to a KV cache for incremental
/// decoding. Implemented by the small <see cref="TransformerPolicy"/> and by Hugging Face decoders
/// (<c>Models.HfDecoder</c>); <c>Policies.Create</c> picks one from the run options.
/// </summary>
public abstract class CausalPolicy(string name) : nn.Module(name)
{
    /// <summary>Number of token ids the head scores.</summary>
    public abstract int VocabSize { get; }

    /// <summary>The most prompt + response positions one sequence may use.</summary>
    public abstract int ContextLength { get; }

    /// <summary>Logits for the given positions.</summary>
    /// <param name="tokens">[B, t] token ids.</param>
    /// <param name="positions">[B, t] position ids (0 at each row's first real token).</param>
    /// <param name="mask">[B, 1, t, T_keys] bool attention mask (see <see cref="AttentionMasks"/>).</param>
    /// <param name="cache">A KV cache to append to and attend over, for incremental decoding.</param>
    /// <returns>[B, t, V].</returns>
    public abstract Tensor Forward(Tensor tokens, Tensor positions, Tensor mask, KvCache? cache = null);

    /// <summary>The parameters the optimizer trains (all but frozen ones, e.g. a decoder's weights under LoRA).</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad);

    /// <summary>An empty KV cache for <paramref name="batch"/> rows of up to <paramref name="capacity"/> positions.</summary>
    public abstract KvCache NewCache(long batch, int capacity);
}
