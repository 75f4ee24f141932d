namespace Orleans.Rlvr.Training.Tasks;

/// <summary>Maps text to token ids and back; ids are in [0, VocabSize).</summary>
public interface ITokenizer
{
    /// <summary>Number of distinct token ids, special tokens included.</summary>
    int VocabSize { get; }

    /// <summary>Padding id (never sampled, never counted).</summary>
    int PadId { get; }

    /// <summary>Beginning-of-sequence id, put before every prompt.</summary>
    int BosId { get; }

    /// <summary>End-of-sequence id: the policy emits it to end its response.</summary>
    int EosId { get; }

    /// <summary>Encodes text without special tokens; throws naming the character when one is not in the vocabulary.</summary>
    int[] Encode(string text);

    /// <summary>Decodes ids, skipping special tokens.</summary>
    string Decode(IEnumerable<int> ids);
}
