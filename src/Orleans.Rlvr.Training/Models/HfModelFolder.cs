using System.Text.Json.Nodes;
using Orleans.Rlvr.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// A Hugging Face model folder: <c>config.json</c>, the weights in <c>model.safetensors</c> or sharded
/// (<c>model.safetensors.index.json</c> naming <c>model-0000N-of-0000M.safetensors</c>), <c>generation_config.json</c>.
/// Loads a <see cref="HfDecoder"/> in any dtype from bf16, fp16 or fp32 files; writes a random one for tests.
/// </summary>
public static class HfModelFolder
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";
    public const string AdapterWeightsFile = "adapter_model.safetensors";
    public const string AdapterConfigFile = "adapter_config.json";

    /// <summary>The decoder in <paramref name="folder"/>, its weights converted to <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    public static HfDecoder Load(string folder, ScalarType dtype, Device device, LoraSettings? lora = null)
    {
        var config = HfDecoderConfig.Read(Path.Combine(folder, ConfigFile));
        var weights = ReadWeights(folder);
        try
        {
            return new HfDecoder(config, weights, dtype, device, lora);
        }
        finally
        {
            foreach (var tensor in weights.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>
    /// True for what <see cref="Load"/> throws when the folder's files are missing or malformed (not a refused setting):
    /// callers turn it into an error naming their own flag or setting.
    /// </summary>
    public static bool IsUnreadable(Exception e) =>
        e is FileNotFoundException or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException or FormatException or NotSupportedException;

    /// <summary>Every tensor of the folder's safetensors file(s), by name.</summary>
    public static Dictionary<string, Tensor> ReadWeights(string folder)
    {
        var index = Path.Combine(folder, IndexFile);
        if (!File.Exists(index))
        {
            var single = Path.Combine(folder, WeightsFile);
            return File.Exists(single) ? SafetensorsFile.Read(single) : throw new FileNotFoundException($"'{folder}' has neither {WeightsFile} nor {IndexFile}.", single);
        }

        var map = JsonNode.Parse(File.ReadAllText(index))?["weight_map"]?.AsObject()
            ?? throw new InvalidDataException($"'{index}' has no weight_map.");
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var shard in map.Select(e => e.Value!.GetValue<string>()).Distinct(StringComparer.Ordinal))
        {
            foreach (var (name, tensor) in SafetensorsFile.Read(Path.Combine(folder, shard)))
            {
                weights[name] = tensor;
            }
        }

        return weights;
    }

    /// <summary>The files besides the weights that make a folder loadable: copied from the input folder into each checkpoint.</summary>
    public static IReadOnlyList<string> CompanionFiles { get; } =
        [ConfigFile, "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"];

    /// <summary>
    /// Writes a trained decoder as a Hugging Face folder: <c>model.safetensors</c> with the same tensor names as the
    /// input folder (in the dtype trained), and the input's config and tokenizer files copied beside it.
    /// </summary>
    public static void WriteTrained(HfDecoder decoder, string sourceFolder, string folder, IReadOnlyDictionary<string, string> metadata)
    {
        using (var scope = NewDisposeScope())
        {
            SafetensorsFile.Write(Path.Combine(folder, WeightsFile), decoder.ExportWeights().ToArray(), metadata);
        }

        if (decoder.Lora is { } lora)
        {
            WriteAdapter(decoder, lora, sourceFolder, folder);
        }

        foreach (var file in CompanionFiles.Where(f => File.Exists(Path.Combine(sourceFolder, f))))
        {
            File.Copy(Path.Combine(sourceFolder, file), Path.Combine(folder, file), overwrite: true);
        }
    }

    /// <summary>
    /// The adapters alone in PEFT's layout (<c>adapter_model.safetensors</c> with
    /// <c>base_model.model.&lt;projection&gt;.lora_A.weight</c> / <c>lora_B.weight</c>, and <c>adapter_config.json</c>), for
    /// users who keep the base model and load adapters.
    /// </summary>
    private static void WriteAdapter(HfDecoder decoder, LoraSettings lora, string sourceFolder, string folder)
    {
        var tensors = decoder.Adapters.SelectMany(a => new[]
        {
            ($"base_model.model.{a.Key}.lora_A.weight", (Tensor)a.Value.A),
            ($"base_model.model.{a.Key}.lora_B.weight", (Tensor)a.Value.B),
        });
        SafetensorsFile.Write(Path.Combine(folder, AdapterWeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var config = new JsonObject
        {
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["base_model_name_or_path"] = Path.GetFullPath(sourceFolder),
            ["r"] = lora.Rank,
            ["lora_alpha"] = lora.Alpha,
            ["lora_dropout"] = 0.0,
            ["bias"] = "none",
            ["target_modules"] = new JsonArray(lora.Targets.Select(t => (JsonNode)t).ToArray()),
        };
        File.WriteAllText(Path.Combine(folder, AdapterConfigFile), config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// Writes a random, complete model folder for <paramref name="config"/>: weights ~ N(0, 0.02²) (norms 1) stored as
    /// <paramref name="dtype"/> (bf16 by default, as released checkpoints are), config.json and generation_config.json.
    /// </summary>
    public static void WriteRandom(string folder, HfDecoderConfig config, int seed, ScalarType dtype = ScalarType.BFloat16)
    {
        Directory.CreateDirectory(folder);
        using var scope = NewDisposeScope();
        var generator = new Generator((ulong)seed);
        var shapes = Shapes(config);
        var tensors = HfDecoder.ExpectedNames(config).Select(name =>
        {
            var shape = shapes(name);
            var value = name.EndsWith("layernorm.weight", StringComparison.Ordinal) || name == "model.norm.weight"
                ? ones(shape) + 0.1 * randn(shape, generator: generator)
                : 0.02 * randn(shape, generator: generator);
            return (name, value.to(dtype));
        }).ToArray();
        SafetensorsFile.Write(Path.Combine(folder, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        File.WriteAllText(Path.Combine(folder, ConfigFile), config.ToJson());
        File.WriteAllText(Path.Combine(folder, "generation_config.json"), "{\n  \"do_sample\": false\n}\n");
    }

    private static Func<string, long[]> Shapes(HfDecoderConfig c) => name =>
    {
        var kv = c.KeyValueHeads * c.HeadDim;
        return name switch
        {
            "model.embed_tokens.weight" or "lm_head.weight" => [c.VocabSize, c.HiddenSize],
            _ when name.EndsWith("norm.weight", StringComparison.Ordinal) => [c.HiddenSize],
            _ when name.EndsWith("q_proj.weight", StringComparison.Ordinal) || name.EndsWith("o_proj.weight", StringComparison.Ordinal) => [c.HiddenSize, c.HiddenSize],
            _ when name.EndsWith("q_proj.bias", StringComparison.Ordinal) => [c.HiddenSize],
            _ when name.EndsWith("k_proj.weight", StringComparison.Ordinal) || name.EndsWith("v_proj.weight", StringComparison.Ordinal) => [kv, c.HiddenSize],
            _ when name.EndsWith("k_proj.bias", StringComparison.Ordinal) || name.EndsWith("v_proj.bias", StringComparison.Ordinal) => [kv],
            _ when name.EndsWith("gate_proj.weight", StringComparison.Ordinal) || name.EndsWith("up_proj.weight", StringComparison.Ordinal) => [c.IntermediateSize, c.HiddenSize],
            _ when name.EndsWith("down_proj.weight", StringComparison.Ordinal) => [c.HiddenSize, c.IntermediateSize],
            _ => throw new InvalidOperationException($"no shape for '{name}'"),
        };
    };
}
