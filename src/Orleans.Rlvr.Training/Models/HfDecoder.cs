using Orleans.Rlvr.Training.Policy;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// A Qwen2/Llama decoder with Hugging Face's tensor names (<c>model.embed_tokens.weight</c>,
/// <c>model.layers.N.self_attn.q_proj.weight</c>, ..., <c>lm_head.weight</c> unless tied): per layer
/// x += o(attn(RoPE(q(n₁(x))), RoPE(k(n₁(x))), v(n₁(x)))) and x += down(silu(gate(n₂(x))) ⊙ up(n₂(x))), with
/// RMSNorm n(x) = x / √(mean(x²) + ε) ⊙ w computed in float32, rotary embeddings on (i, i + D/2) pairs with
/// frequencies θ^(−2i/D), grouped-query attention (each key/value head serves heads / kv-heads query heads) and a
/// causal mask; logits = n(x) · Eᵀ (the embedding when tied, else lm_head). As a <see cref="CausalPolicy"/> it takes
/// position ids (rotary angles per row, so left-padded batches rotate each row from its first real token) and a KV
/// cache that holds the key/value heads before they are shared out to the query heads.
/// </summary>
/// <remarks>
/// With <see cref="LoraSettings"/> the decoder's weights are frozen and only the adapters train (<see cref="Adapters"/>);
/// <see cref="ExportWeights"/> merges them back, W + (α/r)·B·A, under the input's names.
/// </remarks>
public sealed class HfDecoder : CausalPolicy
{
    private readonly Dictionary<string, Parameter> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Parameter A, Parameter B)> _adapters = new(StringComparer.Ordinal);

    public HfDecoder(HfDecoderConfig config, IReadOnlyDictionary<string, Tensor> weights, ScalarType dtype, Device device, LoraSettings? lora = null) : base("HfDecoder")
    {
        Config = config;
        Lora = lora;
        var names = ExpectedNames(config);
        if (names.FirstOrDefault(n => !weights.ContainsKey(n)) is { } missing)
        {
            throw new ArgumentException($"the weights have no tensor '{missing}', which a {config.ModelType} decoder of this config needs.", nameof(weights));
        }

        foreach (var name in names)
        {
            var parameter = new Parameter(weights[name].to(dtype, device).detach(), requires_grad: lora is null);
            _weights[name] = parameter;
            register_parameter(name.Replace('.', '_'), parameter);
        }

        if (lora is null)
        {
            return;
        }

        using var generator = new Generator((ulong)lora.Seed, device);
        foreach (var module in names.Where(n => n.EndsWith(".weight", StringComparison.Ordinal)).Select(n => n[..^".weight".Length]).Where(lora.Adapts))
        {
            var weight = _weights[module + ".weight"];
            var (outputs, inputs) = (weight.shape[0], weight.shape[1]);
            var bound = 1.0 / Math.Sqrt(inputs);
            var a = new Parameter((rand([lora.Rank, inputs], ScalarType.Float32, device, generator: generator) * 2 - 1) * bound);
            var b = new Parameter(zeros([outputs, lora.Rank], ScalarType.Float32, device));
            _adapters[module] = (a, b);
            register_parameter("lora_" + module.Replace('.', '_') + "_A", a);
            register_parameter("lora_" + module.Replace('.', '_') + "_B", b);
        }
    }

    /// <summary>The LoRA settings, when the decoder trains adapters.</summary>
    public LoraSettings? Lora { get; }

    /// <summary>The LoRA adapters by projection name (<c>model.layers.0.self_attn.q_proj</c>): A is r × in, B out × r.</summary>
    public IReadOnlyDictionary<string, (Parameter A, Parameter B)> Adapters => _adapters;

    /// <summary>
    /// The decoder's weights by Hugging Face name, adapters merged in (W + (α/r)·B·A, in the weight's dtype): what a
    /// checkpoint writes as <c>model.safetensors</c>. Merged matrices are new CPU tensors (the caller disposes them), the
    /// others the parameters themselves.
    /// </summary>
    public IEnumerable<(string Name, Tensor Tensor)> ExportWeights()
    {
        using var noGrad = no_grad();
        foreach (var (name, weight) in _weights)
        {
            var module = name.EndsWith(".weight", StringComparison.Ordinal) ? name[..^".weight".Length] : null;
            if (module is not null && _adapters.TryGetValue(module, out var adapter))
            {
                // One matrix at a time, its float32 intermediates freed at once, the result on the CPU.
                using var scope = NewDisposeScope();
                var merged = (weight.to(ScalarType.Float32) + Lora!.Scale * adapter.B.matmul(adapter.A)).to(weight.dtype).cpu();
                yield return (name, merged.MoveToOuterDisposeScope());
            }
            else
            {
                yield return (name, weight);
            }
        }
    }

    public HfDecoderConfig Config { get; }

    public override int VocabSize => Config.VocabSize;

    public override int ContextLength => Config.MaxPositions;

    /// <summary>The tensors by Hugging Face name, as loaded (the same objects the module trains).</summary>
    public IReadOnlyDictionary<string, Parameter> Weights => _weights;

    /// <summary>Every tensor name a decoder of <paramref name="config"/> has, in Hugging Face's naming.</summary>
    public static IReadOnlyList<string> ExpectedNames(HfDecoderConfig config)
    {
        var names = new List<string> { "model.embed_tokens.weight", "model.norm.weight" };
        for (var layer = 0; layer < config.Layers; layer++)
        {
            var prefix = $"model.layers.{layer}.";
            names.AddRange([prefix + "input_layernorm.weight", prefix + "post_attention_layernorm.weight"]);
            foreach (var projection in new[] { "q_proj", "k_proj", "v_proj", "o_proj" })
            {
                names.Add($"{prefix}self_attn.{projection}.weight");
                if (config.AttentionBias && projection != "o_proj")
                {
                    names.Add($"{prefix}self_attn.{projection}.bias");
                }
            }

            names.AddRange([prefix + "mlp.gate_proj.weight", prefix + "mlp.up_proj.weight", prefix + "mlp.down_proj.weight"]);
        }

        if (!config.TieWordEmbeddings)
        {
            names.Add("lm_head.weight");
        }

        return names;
    }

    /// <summary>Logits (float32) for unpadded token ids [B, T] at positions 0..T−1 under the causal mask.</summary>
    public Tensor Logits(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var valid = ones(ids.shape, ScalarType.Bool, ids.device);
        return Forward(ids, AttentionMasks.Positions(valid), AttentionMasks.Causal(valid)).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    public override Tensor Forward(Tensor tokens, Tensor positions, Tensor mask, KvCache? cache = null)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (tokens.shape[0], tokens.shape[1]);
        var x = _weights["model.embed_tokens.weight"].index_select(0, tokens.reshape(-1)).view(batch, length, -1);
        var (cos, sin) = Rotary(positions, x.dtype);
        var checkpointing = GradientCheckpointing && cache is null && is_grad_enabled();
        if (checkpointing && !x.requires_grad)
        {
            // Frozen embeddings (LoRA): an autograd function records a node only when an input requires a gradient.
            x = x.detach().requires_grad_(true);
        }

        for (var layer = 0; layer < Config.Layers; layer++)
        {
            x = checkpointing
                ? CheckpointedLayer.apply(x, this, layer, mask, cos, sin)
                : Layer(x, layer, mask, cos, sin, cache);
        }

        cache?.Advance((int)length);
        var head = Config.TieWordEmbeddings ? _weights["model.embed_tokens.weight"] : _weights["lm_head.weight"];
        return nn.functional.linear(RmsNorm(x, _weights["model.norm.weight"]), head).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// True recomputes each layer's activations in the backward pass instead of keeping them (gradient checkpointing):
    /// a micro-batch's training memory then holds one layer's activations plus each layer's input, for one more forward
    /// pass of compute. Gradients are the same up to floating-point summation order.
    /// </summary>
    public bool GradientCheckpointing { get; set; }

    /// <summary>Layers recomputed in backward passes so far (a diagnostic of <see cref="GradientCheckpointing"/>).</summary>
    public int Recomputations { get; internal set; }

    /// <summary>One decoder layer: x + attention, then + MLP. [B, t, D] → [B, t, D].</summary>
    internal Tensor Layer(Tensor x, int layer, Tensor mask, Tensor cos, Tensor sin, KvCache? cache)
    {
        var (batch, length) = (x.shape[0], x.shape[1]);
        var groups = Config.Heads / Config.KeyValueHeads;
        var p = $"model.layers.{layer}.";
        var h = RmsNorm(x, _weights[p + "input_layernorm.weight"]);
        var q = Heads(Linear(h, p + "self_attn.q_proj"), batch, length, Config.Heads);
        var k = Heads(Linear(h, p + "self_attn.k_proj"), batch, length, Config.KeyValueHeads);
        var v = Heads(Linear(h, p + "self_attn.v_proj"), batch, length, Config.KeyValueHeads);
        q = q * cos + RotateHalf(q) * sin;
        k = k * cos + RotateHalf(k) * sin;
        if (cache is not null)
        {
            (k, v) = cache.Append(layer, k, v);                                                   // [B, kv, T_keys, D]
        }

        if (groups > 1)
        {
            k = k.repeat_interleave(groups, dim: 1);
            v = v.repeat_interleave(groups, dim: 1);
        }

        var attended = nn.functional.scaled_dot_product_attention(q, k, v, mask);                 // [B, H, t, D]
        x = x + Linear(attended.transpose(1, 2).reshape(batch, length, Config.HiddenSize), p + "self_attn.o_proj");
        var m = RmsNorm(x, _weights[p + "post_attention_layernorm.weight"]);
        return x + Linear(nn.functional.silu(Linear(m, p + "mlp.gate_proj")) * Linear(m, p + "mlp.up_proj"), p + "mlp.down_proj");
    }

    public override KvCache NewCache(long batch, int capacity)
    {
        var embedding = _weights["model.embed_tokens.weight"];
        return new KvCache(Config.Layers, batch, Config.KeyValueHeads, capacity, Config.HeadDim, embedding.dtype, embedding.device);
    }

    /// <summary>Greedy continuation of <paramref name="prompt"/> by <paramref name="tokens"/> tokens (recomputing the prefix each step).</summary>
    public long[] Greedy(IReadOnlyList<long> prompt, int tokens)
    {
        using var noGrad = no_grad();
        var sequence = prompt.ToList();
        for (var step = 0; step < tokens; step++)
        {
            using var scope = NewDisposeScope();
            var ids = tensor(sequence.ToArray(), [1, sequence.Count], ScalarType.Int64, Weights["model.embed_tokens.weight"].device);
            sequence.Add(Logits(ids)[0, -1].argmax().item<long>());
        }

        return [.. sequence.Skip(prompt.Count)];
    }

    private Tensor Linear(Tensor input, string name)
    {
        var output = nn.functional.linear(input, _weights[name + ".weight"], _weights.GetValueOrDefault(name + ".bias"));
        if (!_adapters.TryGetValue(name, out var adapter))
        {
            return output;
        }

        var update = nn.functional.linear(nn.functional.linear(input.to(ScalarType.Float32), adapter.A), adapter.B) * Lora!.Scale;
        return output + update.to(output.dtype);
    }

    private Tensor RmsNorm(Tensor x, Tensor weight)
    {
        var x32 = x.to(ScalarType.Float32);
        var normed = x32 * (x32.pow(2).mean([-1], keepdim: true) + Config.RmsNormEps).rsqrt();
        return weight * normed.to(x.dtype);
    }

    private static Tensor Heads(Tensor projected, long batch, long length, int heads) =>
        projected.view(batch, length, heads, -1).transpose(1, 2);                                  // [B, heads, T, D]

    /// <summary>cos and sin of the rotary angles p · θ^(−2i/D) for position ids [B, t], as [B, 1, t, D] (computed in float64).</summary>
    private (Tensor Cos, Tensor Sin) Rotary(Tensor positions, ScalarType dtype)
    {
        var dim = Config.HeadDim;
        var inverse = 1.0 / pow(Config.RopeTheta, arange(0, dim, 2, ScalarType.Float64, positions.device) / dim);   // [D/2]
        var angles = positions.to(ScalarType.Float64).unsqueeze(-1) * inverse;                                      // [B, t, D/2]
        var both = cat([angles, angles], -1).unsqueeze(1);                                                           // [B, 1, t, D]
        return (both.cos().to(dtype), both.sin().to(dtype));
    }

    private static Tensor RotateHalf(Tensor x)
    {
        var half = x.shape[^1] / 2;
        return cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
    }
}
