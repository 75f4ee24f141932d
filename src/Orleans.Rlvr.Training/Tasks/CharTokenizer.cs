namespace Orleans.Rlvr.Training.Tasks;

/// <summary>A character-level tokenizer: PAD = 0, BOS = 1, EOS = 2, then one id per character of the alphabet.</summary>
public sealed class CharTokenizer : ITokenizer
{
    private const int Specials = 3;
    private readonly string _alphabet;
    private readonly Dictionary<char, int> _ids;

    public CharTokenizer(string alphabet)
    {
        ArgumentException.ThrowIfNullOrEmpty(alphabet);
        if (alphabet.Distinct().Count() != alphabet.Length)
        {
            throw new ArgumentException("The alphabet must not repeat a character.", nameof(alphabet));
        }

        _alphabet = alphabet;
        _ids = alphabet.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i + Specials);
    }

    public int VocabSize => _alphabet.Length + Specials;

    public int PadId => 0;

    public int BosId => 1;

    public int EosId => 2;

    public int[] Encode(string text)
    {
        var ids = new int[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (!_ids.TryGetValue(text[i], out ids[i]))
            {
                throw new ArgumentException($"Character '{text[i]}' at position {i} is not in the tokenizer's alphabet \"{_alphabet}\".", nameof(text));
            }
        }

        return ids;
    }

    public string Decode(IEnumerable<int> ids) =>
        string.Concat(ids.Where(id => id >= Specials && id < VocabSize).Select(id => _alphabet[id - Specials]));
}
