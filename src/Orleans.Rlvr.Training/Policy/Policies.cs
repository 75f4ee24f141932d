using System.Collections.Concurrent;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Models;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>
/// Builds the policy a run's options describe: the small <see cref="TransformerPolicy"/> (seeded initial weights, the
/// task's vocabulary), or — with <c>policy.model</c> — the Hugging Face decoder in that folder, loaded in
/// <c>policy.dtype</c>, with the folder's tokenizer (<see cref="Tokenizer"/>) for the task.
/// </summary>
public static class Policies
{
    private static readonly ConcurrentDictionary<(string Folder, string Template, string Written), HfTokenizer> Tokenizers = new();

    /// <summary>The policy on <paramref name="device"/>; <paramref name="seed"/> seeds the small policy's initial weights.</summary>
    public static CausalPolicy Create(RunOptions options, ITokenizer tokenizer, long? seed, Device device)
    {
        var policy = options.Policy;
        if (!policy.IsPretrained)
        {
            var small = new TransformerPolicy(policy, tokenizer.VocabSize, seed);
            small.to(device);
            return small;
        }

        RequireFolder(policy.Model);
        HfDecoder decoder;
        var lora = policy.LoraRank > 0 ? new LoraSettings(policy.LoraRank, policy.LoraAlpha, policy.LoraTargetList(), seed ?? 0) : null;
        try
        {
            decoder = HfModelFolder.Load(policy.Model, DtypeOf(policy.Dtype), device, lora);
        }
        catch (Exception e) when (HfModelFolder.IsUnreadable(e))
        {
            throw new ArgumentException($"policy.model: '{policy.Model}' cannot be loaded: {e.Message}", "policy.model", e);
        }

        decoder.GradientCheckpointing = policy.GradientCheckpointing;
        if (tokenizer.VocabSize > decoder.VocabSize)
        {
            decoder.Dispose();
            throw new ArgumentException($"policy.model: the tokenizer has {tokenizer.VocabSize} ids but the model's vocab_size is {decoder.VocabSize}.", "policy.model");
        }

        if (policy.ContextLength > decoder.ContextLength)
        {
            decoder.Dispose();
            throw new ArgumentOutOfRangeException("policy.contextLength", policy.ContextLength,
                $"policy.contextLength ({policy.ContextLength}) exceeds the model's max_position_embeddings ({decoder.ContextLength}).");
        }

        return decoder;
    }

    /// <summary>The tokenizer of <c>policy.model</c>'s folder with <c>policy.promptTemplate</c> (loaded once per folder, template and file time).</summary>
    public static HfTokenizer Tokenizer(PolicyOptions policy)
    {
        RequireFolder(policy.Model);
        var folder = Path.GetFullPath(policy.Model);
        var file = Path.Combine(folder, HfTokenizer.TokenizerFile);
        if (!File.Exists(file))
        {
            throw new ArgumentException($"policy.model: '{folder}' has no {HfTokenizer.TokenizerFile}.", "policy.model");
        }

        // Keyed by the times of every file the tokenizer reads, so an edited file is read again.
        var written = string.Join(";", new[] { file, Path.Combine(folder, HfTokenizer.TokenizerConfigFile), Path.Combine(folder, HfTokenizer.GenerationConfigFile), Path.Combine(folder, HfModelFolder.ConfigFile), policy.PromptTemplate }
            .Select(f => File.Exists(f) ? File.GetLastWriteTimeUtc(f).Ticks : 0));
        try
        {
            return Tokenizers.GetOrAdd((folder, policy.PromptTemplate, written), key =>
                HfTokenizer.Load(key.Folder, HfDecoderConfig.Read(Path.Combine(key.Folder, HfModelFolder.ConfigFile)).ModelType, key.Template));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or InvalidOperationException or FormatException or KeyNotFoundException or NullReferenceException)
        {
            throw new ArgumentException($"policy.model: the tokenizer files of '{folder}' cannot be read: {e.Message}", "policy.model", e);
        }
    }

    /// <summary>The TorchSharp dtype of a <c>policy.dtype</c> value.</summary>
    public static ScalarType DtypeOf(string dtype) => dtype switch
    {
        "float32" => ScalarType.Float32,
        "bfloat16" => ScalarType.BFloat16,
        "float16" => ScalarType.Float16,
        _ => throw new ArgumentOutOfRangeException("policy.dtype", dtype, $"policy.dtype must be one of {string.Join(", ", PolicyOptions.Dtypes)}."),
    };

    private static void RequireFolder(string folder)
    {
        if (!Directory.Exists(folder) || !File.Exists(Path.Combine(folder, HfModelFolder.ConfigFile)))
        {
            throw new ArgumentException($"policy.model: '{folder}' is not a Hugging Face model folder (no {HfModelFolder.ConfigFile}).", "policy.model");
        }
    }
}
