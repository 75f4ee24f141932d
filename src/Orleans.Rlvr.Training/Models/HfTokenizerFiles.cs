using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// Writes the tokenizer files of a generated model folder: <c>tokenizer.json</c> (byte-level BPE learned from a corpus
/// by <see cref="BpeTrainer"/>, the family's pre-tokenizer regex, its special tokens as added tokens after the BPE
/// vocabulary), <c>tokenizer_config.json</c> (EOS, PAD, BOS) and <c>generation_config.json</c> (the stop ids), shaped
/// as Qwen2's or Llama 3's releases are, so <see cref="HfTokenizer"/> reads them as it reads a downloaded model's.
/// </summary>
public static class HfTokenizerFiles
{
    /// <summary>Qwen2's pre-tokenizer split (letters with one leading non-letter, single digits, ...).</summary>
    public const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Llama 3's pre-tokenizer split (as Qwen2's, but digits in runs of up to three).</summary>
    public const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The special tokens of a family, in id order after the BPE vocabulary.</summary>
    public static IReadOnlyList<string> Specials(string family) => family switch
    {
        "qwen2" => ["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
        "llama" => ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"],
        _ => throw new ArgumentException($"family: '{family}' is not one of {string.Join(", ", HfDecoderConfig.Families)}.", nameof(family)),
    };

    /// <summary>Writes the three files for a vocabulary of at most <paramref name="vocabSize"/> ids (BPE tokens + specials); returns the ids used.</summary>
    public static int Write(string folder, string family, IEnumerable<string> corpus, int vocabSize)
    {
        var specials = Specials(family);
        if (vocabSize < 256 + specials.Count)
        {
            throw new ArgumentOutOfRangeException("vocab", vocabSize, $"--vocab must be at least {256 + specials.Count} for {family}: 256 byte tokens and {specials.Count} special tokens.");
        }

        var pattern = family == "qwen2" ? Qwen2Pattern : Llama3Pattern;
        var (vocab, merges) = BpeTrainer.Train(corpus, vocabSize - specials.Count, pattern);
        var ids = specials.Select((s, i) => (Content: s, Id: vocab.Count + i)).ToArray();
        var tokenizer = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(ids.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id, ["content"] = s.Content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = false, ["special"] = true,
            }).ToArray()),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false }),
            },
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null, ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = new JsonObject(vocab.OrderBy(v => v.Value).Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))),
                ["merges"] = new JsonArray(merges.Select(m => (JsonNode)new JsonArray(m.Left, m.Right)).ToArray()),
            },
        };
        int Id(string token) => ids.First(s => s.Content == token).Id;
        var (config, generation) = family == "qwen2"
            ? (new JsonObject { ["bos_token"] = null, ["eos_token"] = "<|im_end|>", ["pad_token"] = "<|endoftext|>" },
               new JsonObject { ["eos_token_id"] = new JsonArray(Id("<|im_end|>"), Id("<|endoftext|>")), ["pad_token_id"] = Id("<|endoftext|>") })
            : (new JsonObject { ["bos_token"] = "<|begin_of_text|>", ["eos_token"] = "<|eot_id|>", ["pad_token"] = null },
               new JsonObject { ["bos_token_id"] = Id("<|begin_of_text|>"), ["eos_token_id"] = new JsonArray(Id("<|eot_id|>"), Id("<|end_of_text|>")) });
        var indented = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        File.WriteAllText(Path.Combine(folder, HfTokenizer.TokenizerFile), tokenizer.ToJsonString(indented));
        File.WriteAllText(Path.Combine(folder, HfTokenizer.TokenizerConfigFile), config.ToJsonString(indented));
        File.WriteAllText(Path.Combine(folder, HfTokenizer.GenerationConfigFile), generation.ToJsonString(indented));
        return vocab.Count + specials.Count;
    }
}
