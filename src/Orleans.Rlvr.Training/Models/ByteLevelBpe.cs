using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// Byte-level BPE as Hugging Face's <c>tokenizer.json</c> describes it (GPT-2, Qwen2, Llama 3): the text is cut at
/// added tokens (kept whole), each remaining piece split by the pre-tokenizer's regex, each split's UTF-8 bytes mapped
/// to printable characters (GPT-2's byte-to-unicode table), then the adjacent pair with the lowest merge rank is merged
/// until none is left, and the symbols are looked up in the vocabulary. Decoding reverses the byte mapping. Known gap:
/// .NET's regex sees UTF-16 code units, so <c>\p{L}</c> does not match letters outside the Basic Multilingual Plane
/// (e.g. 𝐀) and such text may split differently from Hugging Face's Rust implementation (emoji tested equal for GPT-2).
/// </summary>
public sealed class ByteLevelBpe
{
    /// <summary>GPT-2's pre-tokenizer split (also the default of a ByteLevel pre-tokenizer with use_regex).</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByte = ByteToChar.Select((c, b) => (c, b)).ToDictionary(p => p.c, p => (byte)p.b);

    private readonly Dictionary<string, int> _vocab;
    private readonly string[] _tokens;
    private readonly Dictionary<(string, string), int> _ranks;
    private readonly Regex _split;
    private readonly (string Content, int Id)[] _added;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly bool _ignoreMerges;

    /// <param name="ignoreMerges">tokenizer.json's <c>model.ignore_merges</c> (Llama 3): a split that is itself in the vocabulary is one token.</param>
    public ByteLevelBpe(IReadOnlyDictionary<string, int> vocab, IEnumerable<(string Left, string Right)> merges, string pattern, IEnumerable<(string Content, int Id)>? added = null, bool ignoreMerges = false)
    {
        _ignoreMerges = ignoreMerges;
        _vocab = new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        _ranks = merges.Select((m, rank) => (m, rank)).ToDictionary(p => p.m, p => p.rank);
        _split = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _added = [.. (added ?? []).OrderByDescending(a => a.Content.Length)];
        var size = Math.Max(_vocab.Values.DefaultIfEmpty(-1).Max(), _added.Select(a => a.Id).DefaultIfEmpty(-1).Max()) + 1;
        _tokens = new string[size];
        foreach (var (token, id) in _vocab)
        {
            _tokens[id] = token;
        }

        foreach (var (content, id) in _added)
        {
            _tokens[id] = content;
        }
    }

    /// <summary>The tokenizer a <c>tokenizer.json</c> describes (model type BPE; a ByteLevel pre-tokenizer, alone or after a Split).</summary>
    public static ByteLevelBpe FromTokenizerJson(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var model = json["model"]?.AsObject() ?? throw new InvalidDataException($"{path}: no \"model\".");
        if (model["type"]?.GetValue<string>() != "BPE")
        {
            throw new InvalidDataException($"{path}: model.type is '{model["type"]}', not BPE.");
        }

        var vocab = model["vocab"]!.AsObject().ToDictionary(e => e.Key, e => e.Value!.GetValue<int>(), StringComparer.Ordinal);
        var merges = model["merges"]!.AsArray().Select(m => m is JsonArray pair
            ? (pair[0]!.GetValue<string>(), pair[1]!.GetValue<string>())
            : SplitMerge(m!.GetValue<string>()));
        var added = json["added_tokens"]?.AsArray().Select(t => (t!["content"]!.GetValue<string>(), t["id"]!.GetValue<int>())) ?? [];
        return new ByteLevelBpe(vocab, merges, Pattern(json["pre_tokenizer"]) ?? Gpt2Pattern, added, model["ignore_merges"]?.GetValue<bool>() ?? false);
    }

    /// <summary>One more than the largest id (vocabulary and added tokens).</summary>
    public int Size => _tokens.Length;

    /// <summary>The id of an added token or vocabulary entry, if there is one.</summary>
    public int? IdOf(string token) =>
        _added.FirstOrDefault(a => a.Content == token) is { Content: not null } added ? added.Id
        : _vocab.TryGetValue(token, out var id) ? id : null;

    /// <summary>True when <paramref name="id"/> is an added token (special tokens, chat markers).</summary>
    public bool IsAdded(int id) => _added.Any(a => a.Id == id);

    /// <summary>Token ids of <paramref name="text"/>.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>();
        var start = 0;
        while (start < text.Length)
        {
            var (at, token) = NextAdded(text, start);
            foreach (Match piece in _split.Matches(text[start..at]))
            {
                ids.AddRange(EncodePiece(piece.Value));
            }

            if (token is { } special)
            {
                ids.Add(special.Id);
                at += special.Content.Length;
            }

            start = at;
        }

        return ids;
    }

    /// <summary>The text of <paramref name="ids"/> (invalid UTF-8 becomes U+FFFD).</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            var token = id >= 0 && id < _tokens.Length ? _tokens[id] : null;
            if (token is null)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"token id {id} is not in the vocabulary (0..{_tokens.Length - 1}).");
            }

            if (_added.Any(a => a.Id == id))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(token));
            }
            else
            {
                bytes.AddRange(token.Select(c => CharToByte[c]));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private (int At, (string Content, int Id)? Token) NextAdded(string text, int start)
    {
        var best = (At: text.Length, Token: ((string, int)?)null);
        foreach (var added in _added)
        {
            var at = text.IndexOf(added.Content, start, StringComparison.Ordinal);
            if (at >= 0 && at < best.At)
            {
                best = (at, added);
            }
        }

        return best;
    }

    private int[] EncodePiece(string piece)
    {
        if (_cache.TryGetValue(piece, out var cached))
        {
            return cached;
        }

        var symbols = Encoding.UTF8.GetBytes(piece).Select(b => ByteToChar[b].ToString()).ToList();
        if (_ignoreMerges && _vocab.TryGetValue(string.Concat(symbols), out var whole))
        {
            return _cache[piece] = [whole];
        }

        while (symbols.Count > 1)
        {
            var (bestRank, bestAt) = (int.MaxValue, -1);
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (_ranks.TryGetValue((symbols[i], symbols[i + 1]), out var rank) && rank < bestRank)
                {
                    (bestRank, bestAt) = (rank, i);
                }
            }

            if (bestAt < 0)
            {
                break;
            }

            var (left, right) = (symbols[bestAt], symbols[bestAt + 1]);
            var merged = new List<string>(symbols.Count);
            for (var i = 0; i < symbols.Count; i++)
            {
                if (i < symbols.Count - 1 && symbols[i] == left && symbols[i + 1] == right)
                {
                    merged.Add(left + right);
                    i++;
                }
                else
                {
                    merged.Add(symbols[i]);
                }
            }

            symbols = merged;
        }

        var ids = symbols.Select(s => _vocab.TryGetValue(s, out var id) ? id : throw new InvalidDataException($"the vocabulary has no token '{s}' (a merge result or byte)")).ToArray();
        _cache[piece] = ids;
        return ids;
    }

    private static (string, string) SplitMerge(string merge)
    {
        var space = merge.IndexOf(' ', 1);
        return (merge[..space], merge[(space + 1)..]);
    }

    /// <summary>The split regex of a pre-tokenizer: a Split's pattern (in a Sequence or alone), else null (GPT-2's).</summary>
    private static string? Pattern(JsonNode? preTokenizer) => preTokenizer?["type"]?.GetValue<string>() switch
    {
        "Split" => preTokenizer["pattern"]?["Regex"]?.GetValue<string>() ?? Regex.Escape(preTokenizer["pattern"]?["String"]?.GetValue<string>() ?? ""),
        "Sequence" => preTokenizer["pretokenizers"]!.AsArray().Select(Pattern).FirstOrDefault(p => p is not null),
        _ => null,
    };

    /// <summary>GPT-2's table: printable bytes map to themselves, the others to U+0100 onwards, in byte order.</summary>
    private static char[] BuildByteToChar()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }

    /// <summary>The printable character GPT-2's table maps <paramref name="value"/> to.</summary>
    public static char ByteChar(byte value) => ByteToChar[value];
}
