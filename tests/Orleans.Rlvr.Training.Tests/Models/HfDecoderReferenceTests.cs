using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Tests.Models;

/// <summary>
/// The C# Qwen2/Llama decoder against an independent NumPy forward pass (tests/reference/hf_decoder_reference.py, which
/// parses the safetensors bytes itself): logits on random token ids within 1e-4, and 32 greedy tokens identical, for
/// grouped-query and plain multi-head attention, tied and untied embeddings, with and without q/k/v biases.
/// </summary>
public sealed class HfDecoderReferenceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-hf-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static TheoryData<string, int, int, bool> Configurations => new()
    {
        { "qwen2", 4, 2, true },    // GQA, tied embeddings, q/k/v biases (as Qwen2.5-0.5B)
        { "qwen2", 4, 4, false },   // multi-head, untied
        { "llama", 4, 1, false },   // multi-query, untied, no biases
        { "llama", 2, 2, true },    // multi-head, tied
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Logits_AndGreedyTokens_MatchTheNumPyReference(string family, int heads, int kvHeads, bool tied)
    {
        var config = new HfDecoderConfig
        {
            ModelType = family, VocabSize = 96, HiddenSize = 64, IntermediateSize = 112, Layers = 2, Heads = heads, KeyValueHeads = kvHeads,
            TieWordEmbeddings = tied, RopeTheta = family == "qwen2" ? 1_000_000 : 10_000, RmsNormEps = 1e-6, AttentionBias = family == "qwen2",
        }.Validate();
        var folder = Path.Combine(_root, $"{family}-{heads}-{kvHeads}-{tied}");
        HfModelFolder.WriteRandom(folder, config, seed: heads * 10 + kvHeads);
        using var decoder = HfModelFolder.Load(folder, ScalarType.Float32, CPU);
        var random = new Random(7);
        long[][] ids = [.. Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 9).Select(_ => (long)random.Next(config.VocabSize)).ToArray())];
        long[] prompt = [1, 5, 9, 2];

        var reference = Reference(folder, ids, prompt, 32);

        using (no_grad())
        {
            using var logits = decoder.Logits(tensor(ids.SelectMany(r => r).ToArray(), [2, 9], ScalarType.Int64));
            var mine = logits.data<float>().ToArray();
            var theirs = reference["logits"]!.AsArray().SelectMany(r => r!.AsArray()).SelectMany(t => t!.AsArray()).Select(v => v!.GetValue<double>()).ToArray();
            Assert.Equal(theirs.Length, mine.Length);
            var worst = mine.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= 1e-4, $"largest logit difference {worst:E2} (> 1e-4)");
        }

        Assert.Equal(reference["greedy"]!.AsArray().Select(t => t!.GetValue<long>()), decoder.Greedy(prompt, 32));
    }

    [Fact]
    public void ConfigOutOfRange_IsRefusedNamingTheField()
    {
        var folder = Path.Combine(_root, "bad");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, HfModelFolder.ConfigFile),
            """{"model_type": "qwen2", "vocab_size": 96, "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 3}""");

        var error = Assert.Throws<ArgumentException>(() => HfModelFolder.Load(folder, ScalarType.Float32, CPU));
        Assert.Contains("num_key_value_heads", error.Message);

        File.WriteAllText(Path.Combine(folder, HfModelFolder.ConfigFile),
            """{"model_type": "llama", "vocab_size": 96, "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "rope_scaling": {"rope_type": "llama3", "factor": 8.0}}""");
        Assert.Contains("rope_scaling", Assert.Throws<ArgumentException>(() => HfModelFolder.Load(folder, ScalarType.Float32, CPU)).Message);

        File.WriteAllText(Path.Combine(folder, HfModelFolder.ConfigFile), """{"model_type": "gpt2", "vocab_size": 96}""");
        Assert.Contains("model_type 'gpt2'", Assert.Throws<ArgumentException>(() => HfModelFolder.Load(folder, ScalarType.Float32, CPU)).Message);
    }

    private static JsonObject Reference(string folder, long[][] ids, long[] prompt, int tokens)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", [Script(), folder]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(JsonSerializer.Serialize(new { ids, greedy = new { prompt, tokens } }));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"the NumPy reference failed (needs python3-numpy): {error}");
        return JsonNode.Parse(output.Result)!.AsObject();
    }

    private static string Script()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var script = Path.Combine(folder.FullName, "tests", "reference", "hf_decoder_reference.py");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new FileNotFoundException("tests/reference/hf_decoder_reference.py not found above the test binaries");
    }
}
