using System.Text.Json.Nodes;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// A Hugging Face model folder's tokenizer as the engine's <see cref="ITokenizer"/>: byte-level BPE from
/// <c>tokenizer.json</c>; EOS, PAD and BOS from <c>tokenizer_config.json</c>; the stop ids from
/// <c>generation_config.json</c>'s <c>eos_token_id</c> (one id or a list) plus EOS; prompts wrapped in the chat format
/// (<see cref="HfChatFormat"/>). Decoding skips added tokens (special and chat markers) and ids past the vocabulary
/// (a model's embedding table is often padded beyond its tokenizer).
/// </summary>
public sealed class HfTokenizer : ITokenizer
{
    public const string TokenizerFile = "tokenizer.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";
    public const string GenerationConfigFile = "generation_config.json";

    private readonly ByteLevelBpe _bpe;
    private readonly HfChatFormat _chat;
    private readonly int? _bos;

    private HfTokenizer(ByteLevelBpe bpe, int eos, int pad, int? bos, IReadOnlyList<int> stops, HfChatFormat chat)
    {
        _bpe = bpe;
        EosId = eos;
        PadId = pad;
        _bos = bos;
        StopIds = stops;
        _chat = chat;
    }

    public int VocabSize => _bpe.Size;

    public int PadId { get; }

    /// <summary>The BOS id, or EOS when the model has none (Qwen2); prompts get BOS only where the chat format writes it.</summary>
    public int BosId => _bos ?? EosId;

    public int EosId { get; }

    public IReadOnlyList<int> StopIds { get; }

    /// <summary>The chat format prompts are wrapped in.</summary>
    public HfChatFormat Chat => _chat;

    /// <summary>
    /// The tokenizer of <paramref name="folder"/> for a decoder of family <paramref name="modelType"/>;
    /// <paramref name="promptTemplate"/> is <c>policy.promptTemplate</c> (see <see cref="HfChatFormat.Resolve"/>).
    /// </summary>
    public static HfTokenizer Load(string folder, string modelType, string promptTemplate)
    {
        var bpe = ByteLevelBpe.FromTokenizerJson(Path.Combine(folder, TokenizerFile));
        var configPath = Path.Combine(folder, TokenizerConfigFile);
        var config = File.Exists(configPath) ? JsonNode.Parse(File.ReadAllText(configPath))?.AsObject() : null;
        int? Token(string field)
        {
            var content = config?[field] switch
            {
                JsonObject o => o["content"]?.GetValue<string>(),
                JsonValue v when v.TryGetValue<string>(out var text) => text,
                _ => null,
            };
            return content is null ? null : bpe.IdOf(content) ?? throw new ArgumentException($"{configPath}: {field} '{content}' is not in {TokenizerFile}.", field);
        }

        var generationPath = Path.Combine(folder, GenerationConfigFile);
        var generation = File.Exists(generationPath) ? JsonNode.Parse(File.ReadAllText(generationPath))?.AsObject() : null;
        var generationEos = generation?["eos_token_id"] switch
        {
            JsonArray ids => ids.Select(i => i!.GetValue<int>()).ToArray(),
            JsonValue id => [id.GetValue<int>()],
            _ => [],
        };
        var eos = Token("eos_token") ?? generationEos.FirstOrDefault(-1);
        if (eos < 0)
        {
            throw new ArgumentException($"{folder}: no EOS token: neither {TokenizerConfigFile} eos_token nor {GenerationConfigFile} eos_token_id names one.", "eos_token");
        }

        var stops = generationEos.Prepend(eos).Distinct().ToArray();
        foreach (var bad in stops.Where(id => id < 0 || id >= bpe.Size))
        {
            throw new ArgumentException($"{generationPath}: eos_token_id {bad} is not in {TokenizerFile} (0..{bpe.Size - 1}).", "eos_token_id");
        }

        var chat = HfChatFormat.Resolve(promptTemplate, modelType, config?["chat_template"]?.GetValue<string>(), bpe);
        // Without a pad token (Llama 3), a reserved pad or end-of-text token if there is one, else EOS. (The engine
        // tells padding from tokens by length, so a pad id that also occurs in prompts is harmless.)
        var pad = Token("pad_token") ?? new[] { "<|finetune_right_pad_id|>", "<|end_of_text|>", "<|endoftext|>" }.Select(bpe.IdOf).FirstOrDefault(id => id is not null) ?? eos;
        return new HfTokenizer(bpe, eos, pad, Token("bos_token"), stops, chat);
    }

    public int[] Encode(string text) => [.. _bpe.Encode(text)];

    public int[] EncodePrompt(string text) => [.. _bpe.Encode(_chat.Apply(text))];

    public string Decode(IEnumerable<int> ids) => _bpe.Decode(ids.Where(id => id >= 0 && id < _bpe.Size && !_bpe.IsAdded(id)));
}
