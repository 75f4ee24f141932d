using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// Learns byte-level BPE merges from a corpus, for the tokenizer of a generated test model: the 256 byte symbols
/// (GPT-2's byte-to-character table, ids 0–255), then repeatedly the most frequent adjacent pair within the
/// pre-tokenizer's splits becomes a merge and a token (ties broken by the pair's ordinal order, so the result is a
/// function of the corpus), until the vocabulary has <c>size</c> entries or no pair occurs twice.
/// </summary>
public static class BpeTrainer
{
    public static (Dictionary<string, int> Vocab, List<(string Left, string Right)> Merges) Train(IEnumerable<string> corpus, int size, string pattern)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 256);
        var split = new Regex(pattern, RegexOptions.CultureInvariant);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in corpus)
        {
            foreach (Match piece in split.Matches(text))
            {
                var symbols = string.Concat(Encoding.UTF8.GetBytes(piece.Value).Select(ByteLevelBpe.ByteChar));
                words[symbols] = words.GetValueOrDefault(symbols) + 1;
            }
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var b = 0; b < 256; b++)
        {
            vocab[ByteLevelBpe.ByteChar((byte)b).ToString()] = b;
        }

        var sequences = words.OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => (Symbols: w.Key.Select(c => c.ToString()).ToList(), w.Value)).ToList();
        var merges = new List<(string, string)>();
        while (vocab.Count < size)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (symbols, count) in sequences)
            {
                for (var i = 0; i < symbols.Count - 1; i++)
                {
                    var pair = (symbols[i], symbols[i + 1]);
                    pairs[pair] = pairs.GetValueOrDefault(pair) + count;
                }
            }

            var best = pairs.OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best.Value < 2)
            {
                break;
            }

            var (left, right) = best.Key;
            merges.Add((left, right));
            vocab.TryAdd(left + right, vocab.Count);
            foreach (var (symbols, _) in sequences)
            {
                for (var i = 0; i < symbols.Count - 1; i++)
                {
                    if (symbols[i] == left && symbols[i + 1] == right)
                    {
                        symbols[i] = left + right;
                        symbols.RemoveAt(i + 1);
                    }
                }
            }
        }

        return (vocab, merges);
    }
}
