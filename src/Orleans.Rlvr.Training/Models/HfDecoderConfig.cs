using System.Text.Json.Nodes;

namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// The parts of a Hugging Face <c>config.json</c> that shape a Qwen2/Qwen2.5 or Llama decoder: sizes, grouped-query
/// heads, RMSNorm ε, rotary θ, tied embeddings and q/k/v biases (Qwen2 always has them; Llama when
/// <c>attention_bias</c> is true). Field names are Hugging Face's.
/// </summary>
public sealed record HfDecoderConfig
{
    public required string ModelType { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }
    public required int KeyValueHeads { get; init; }
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10_000;
    public bool TieWordEmbeddings { get; init; }
    public int MaxPositions { get; init; } = 2048;
    public bool AttentionBias { get; init; }
    public string TorchDtype { get; init; } = "bfloat16";

    /// <summary>The decoder families this reader knows.</summary>
    public static IReadOnlyList<string> Families { get; } = ["qwen2", "llama"];

    /// <summary>Size of one attention head.</summary>
    public int HeadDim => HiddenSize / Heads;

    /// <summary>Reads and validates <c>config.json</c>; errors name the field and the file.</summary>
    public static HfDecoderConfig Read(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new ArgumentException($"{path}: not a JSON object.", nameof(path));
        var modelType = Text(json, "model_type", path);
        if (!Families.Contains(modelType))
        {
            throw new ArgumentException($"{path}: model_type '{modelType}' is not supported; supported: {string.Join(", ", Families)}.", "model_type");
        }

        var heads = Integer(json, "num_attention_heads", path);
        if (json["rope_scaling"] is JsonObject scaling)
        {
            throw new ArgumentException($"{path}: rope_scaling ({scaling.ToJsonString()}) is not supported yet; its rotary frequencies would be computed wrongly.", "rope_scaling");
        }

        if (json["head_dim"] is { } headDim && headDim.GetValue<int>() * heads != Integer(json, "hidden_size", path))
        {
            throw new ArgumentException($"{path}: head_dim {headDim} × num_attention_heads {heads} differs from hidden_size; such decoders are not supported yet.", "head_dim");
        }

        return new HfDecoderConfig
        {
            ModelType = modelType,
            VocabSize = Integer(json, "vocab_size", path),
            HiddenSize = Integer(json, "hidden_size", path),
            IntermediateSize = Integer(json, "intermediate_size", path),
            Layers = Integer(json, "num_hidden_layers", path),
            Heads = heads,
            KeyValueHeads = json["num_key_value_heads"] is null ? heads : Integer(json, "num_key_value_heads", path),
            RmsNormEps = json["rms_norm_eps"]?.GetValue<double>() ?? 1e-6,
            RopeTheta = json["rope_theta"]?.GetValue<double>() ?? 10_000,
            TieWordEmbeddings = json["tie_word_embeddings"]?.GetValue<bool>() ?? false,
            MaxPositions = json["max_position_embeddings"]?.GetValue<int>() ?? 2048,
            AttentionBias = modelType == "qwen2" || (json["attention_bias"]?.GetValue<bool>() ?? false),
            TorchDtype = json["torch_dtype"]?.GetValue<string>() ?? "bfloat16",
        }.Validate(path);
    }

    /// <summary>Throws naming the first field out of range.</summary>
    public HfDecoderConfig Validate(string source = "config.json")
    {
        Require(VocabSize >= 2, "vocab_size", VocabSize, "≥ 2");
        Require(HiddenSize >= 2, "hidden_size", HiddenSize, "≥ 2");
        Require(IntermediateSize >= 1, "intermediate_size", IntermediateSize, "≥ 1");
        Require(Layers >= 1, "num_hidden_layers", Layers, "≥ 1");
        Require(Heads >= 1 && HiddenSize % Heads == 0, "num_attention_heads", Heads, $"≥ 1 and a divisor of hidden_size {HiddenSize}");
        Require(HeadDim % 2 == 0, "num_attention_heads", Heads, $"such that the head size hidden_size / heads = {HeadDim} is even (rotary embeddings rotate pairs)");
        Require(KeyValueHeads >= 1 && Heads % KeyValueHeads == 0, "num_key_value_heads", KeyValueHeads, $"≥ 1 and a divisor of num_attention_heads {Heads}");
        Require(RmsNormEps > 0, "rms_norm_eps", RmsNormEps, "> 0");
        Require(RopeTheta > 1, "rope_theta", RopeTheta, "> 1");
        return this;

        void Require(bool ok, string field, object value, string allowed)
        {
            if (!ok)
            {
                throw new ArgumentException($"{source}: {field} is {value}; it must be {allowed}.", field);
            }
        }
    }

    /// <summary>The config.json text of this configuration (what <c>rlvr model init</c> writes).</summary>
    public string ToJson() => new JsonObject
    {
        ["architectures"] = new JsonArray(ModelType == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"),
        ["model_type"] = ModelType,
        ["vocab_size"] = VocabSize,
        ["hidden_size"] = HiddenSize,
        ["intermediate_size"] = IntermediateSize,
        ["num_hidden_layers"] = Layers,
        ["num_attention_heads"] = Heads,
        ["num_key_value_heads"] = KeyValueHeads,
        ["rms_norm_eps"] = RmsNormEps,
        ["rope_theta"] = RopeTheta,
        ["tie_word_embeddings"] = TieWordEmbeddings,
        ["max_position_embeddings"] = MaxPositions,
        ["attention_bias"] = AttentionBias,
        ["hidden_act"] = "silu",
        ["torch_dtype"] = TorchDtype,
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static string Text(JsonObject json, string field, string path) =>
        json[field]?.GetValue<string>() ?? throw new ArgumentException($"{path}: {field} is missing.", field);

    private static int Integer(JsonObject json, string field, string path) =>
        json[field] is { } value ? value.GetValue<int>() : throw new ArgumentException($"{path}: {field} is missing.", field);
}
