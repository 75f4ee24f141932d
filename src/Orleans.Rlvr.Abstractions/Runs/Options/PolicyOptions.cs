namespace Orleans.Rlvr.Runs;

/// <summary>
/// The policy: the shape of the small causal transformer (the vocabulary comes from the task's tokenizer), or a
/// Hugging Face decoder folder (<see cref="Model"/>), whose config.json gives the shape and tokenizer.json the vocabulary.
/// </summary>
[GenerateSerializer, Immutable, Alias("rlvr.PolicyOptions")]
public sealed record PolicyOptions
{
    /// <summary>d_model: the embedding and residual width.</summary>
    [Id(0)] public int Width { get; init; } = 128;

    /// <summary>Number of transformer blocks.</summary>
    [Id(1)] public int Depth { get; init; } = 4;

    /// <summary>Attention heads; must divide <see cref="Width"/>.</summary>
    [Id(2)] public int Heads { get; init; } = 4;

    /// <summary>The most prompt + response tokens a sequence may hold (the size of the position table).</summary>
    [Id(3)] public int ContextLength { get; init; } = 192;

    /// <summary>Hidden width of the MLP as a multiple of <see cref="Width"/>.</summary>
    [Id(4)] public int MlpRatio { get; init; } = 4;

    /// <summary>
    /// A Hugging Face model folder (config.json, safetensors weights, tokenizer.json) of a Qwen2/Qwen2.5 or Llama decoder;
    /// when set, the policy is that decoder and <see cref="Width"/>, <see cref="Depth"/>, <see cref="Heads"/> and
    /// <see cref="MlpRatio"/> are not used. Empty (default): the small transformer.
    /// </summary>
    [Id(5)] public string Model { get; init; } = "";

    /// <summary>The dtype the decoder's weights are loaded in: float32 (default), bfloat16 or float16.</summary>
    [Id(6)] public string Dtype { get; init; } = "float32";

    /// <summary>
    /// How a pretrained decoder's prompts are wrapped: <c>auto</c> (default: the family's chat format when its tokenizer
    /// has the markers, else BOS + prompt), <c>none</c> (the prompt text alone) or a template file containing <c>{prompt}</c>.
    /// </summary>
    [Id(7)] public string PromptTemplate { get; init; } = "auto";

    /// <summary>
    /// LoRA rank r of a pretrained decoder's adapters: 0 (default) trains every weight; r ≥ 1 freezes the decoder and
    /// trains W + (α/r)·B·A on the projections in <see cref="LoraTargets"/> (A: r × in, B: out × r, B starting at 0).
    /// </summary>
    [Id(8)] public int LoraRank { get; init; }

    /// <summary>LoRA α: the adapters' update is scaled by α / r. Default 16.</summary>
    [Id(9)] public double LoraAlpha { get; init; } = 16;

    /// <summary>The projections that get adapters, comma-separated from <see cref="LoraModules"/>. Default: all seven.</summary>
    [Id(10)] public string LoraTargets { get; init; } = "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj";

    /// <summary>
    /// True recomputes a pretrained decoder's layer activations during the backward pass instead of keeping them
    /// (gradient checkpointing): less memory per micro-batch for about one more forward pass. Default false.
    /// </summary>
    [Id(11)] public bool GradientCheckpointing { get; init; }

    /// <summary>The projections of a Qwen2/Llama layer that LoRA can adapt.</summary>
    public static IReadOnlyList<string> LoraModules { get; } = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>The projections <see cref="LoraTargets"/> lists.</summary>
    public IReadOnlyList<string> LoraTargetList() => (LoraTargets ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The dtypes <see cref="Dtype"/> accepts.</summary>
    public static IReadOnlyList<string> Dtypes { get; } = ["float32", "bfloat16", "float16"];

    /// <summary>True when the policy is a Hugging Face decoder folder.</summary>
    public bool IsPretrained => !string.IsNullOrEmpty(Model);

    public PolicyOptions Validate()
    {
        if (PromptTemplate is null)
        {
            throw new ArgumentException("policy.promptTemplate: null; use auto, none or a template file.", "policy.promptTemplate");
        }

        if (Dtype is null || !Dtypes.Contains(Dtype))
        {
            throw new ArgumentOutOfRangeException("policy.dtype", Dtype, $"policy.dtype must be one of {string.Join(", ", Dtypes)}.");
        }

        if (IsPretrained && string.IsNullOrWhiteSpace(Model))
        {
            throw new ArgumentException("policy.model: a blank folder name; give a Hugging Face model folder or leave it empty.", "policy.model");
        }

        Guard.Range("policy.loraRank", LoraRank, 0, 4096);
        if (LoraRank > 0 && !IsPretrained)
        {
            throw new ArgumentOutOfRangeException("policy.loraRank", LoraRank, "policy.loraRank: LoRA adapts a pretrained decoder; set policy.model (--model) or leave policy.loraRank at 0.");
        }

        Guard.Positive("policy.loraAlpha", LoraAlpha);
        if (GradientCheckpointing && !IsPretrained)
        {
            throw new ArgumentException("policy.gradientCheckpointing: applies to a pretrained decoder (policy.model); the small transformer keeps its activations.", "policy.gradientCheckpointing");
        }

        var targets = LoraTargetList();
        if (targets.Count == 0 || targets.Any(t => !LoraModules.Contains(t)) || targets.Distinct().Count() != targets.Count)
        {
            throw new ArgumentOutOfRangeException("policy.loraTargets", LoraTargets, $"policy.loraTargets must be distinct names from {string.Join(", ", LoraModules)}.");
        }

        Guard.Range("policy.width", Width, 8, 16384);
        Guard.Range("policy.depth", Depth, 1, 256);
        Guard.Range("policy.heads", Heads, 1, Width);
        if (Width % Heads != 0)
        {
            throw new ArgumentOutOfRangeException("policy.heads", Heads, $"policy.heads must divide policy.width = {Width}.");
        }

        Guard.Range("policy.contextLength", ContextLength, 2, 1 << 20);
        Guard.Range("policy.mlpRatio", MlpRatio, 1, 64);
        return this;
    }
}
