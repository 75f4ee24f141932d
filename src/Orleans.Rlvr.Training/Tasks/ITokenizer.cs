namespace Orleans.Rlvr.Training.Tasks;

/// <summary>Maps text to token ids and back; ids are in [0, VocabSize).</summary>
public interface ITokenizer
{
    /// <summary>Number of distinct token ids, special tokens included.</summary>
    int VocabSize { get; }

    /// <summary>Padding id (never sampled, never counted).</summary>
    int PadId { get; }

    /// <summary>Beginning-of-sequence id, put before every prompt by the default <see cref="EncodePrompt"/>.</summary>
    int BosId { get; }

    /// <summary>End-of-sequence id: the policy emits it to end its response (appended to teacher responses).</summary>
    int EosId { get; }

    /// <summary>Every id that ends a response when sampled (EOS, and e.g. a chat model's end-of-turn token).</summary>
    IReadOnlyList<int> StopIds => [EosId];

    /// <summary>Encodes text without special tokens; throws naming the character when one is not in the vocabulary.</summary>
    int[] Encode(string text);

    /// <summary>The tokens a prompt text is fed to the policy as: BOS + the text by default; a chat model's tokenizer wraps it in its chat format.</summary>
    int[] EncodePrompt(string text) => [BosId, .. Encode(text)];

    /// <summary>Decodes ids, skipping special tokens.</summary>
    string Decode(IEnumerable<int> ids);
}
