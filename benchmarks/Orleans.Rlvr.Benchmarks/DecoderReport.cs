using System.Globalization;
using System.Text.Json;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Models;
using Orleans.Rlvr.Training.Policy;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>
/// `hf-decoder [repeats] [--json]`: the Hugging Face decoder path on this machine, for docs/llm.md's estimates. A
/// random Qwen2-shaped decoder (hidden 512, 8 layers, 8 heads / 2 kv heads, MLP 1408, vocabulary 4,096: about 27 M
/// parameters) in float32: one learner update on 8 groups × 8 responses of 32–128 tokens after 32-token prompts (full
/// fine-tuning and LoRA r = 16 on all projections), and KV-cached sampling of 64 rows × 64 tokens. Prints tokens/s,
/// achieved GFLOP/s (6·N per trained token, 2·N per sampled one, attention left out) and the ratio to a dense 1024³
/// matmul measured in the same run; medians.
/// </summary>
public static class DecoderReport
{
    public static int Run(string[] args)
    {
        var repeats = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
        var json = args.Contains("--json");
        var folder = Directory.CreateTempSubdirectory("rlvr-decoder-bench-").FullName;
        try
        {
            var config = new HfDecoderConfig
            {
                ModelType = "qwen2", VocabSize = 4096, HiddenSize = 512, IntermediateSize = 1408, Layers = 8, Heads = 8, KeyValueHeads = 2,
                TieWordEmbeddings = true, AttentionBias = true, RopeTheta = 1_000_000, MaxPositions = 512,
            }.Validate();
            HfModelFolder.WriteRandom(folder, config, seed: 1);
            var figures = new Dictionary<string, double> { ["threads"] = get_num_threads() };

            using (var a = randn(1024, 1024))
            using (var b = randn(1024, 1024))
            {
                figures["matmulGflops"] = 2.0 * Math.Pow(1024, 3) / PerformanceReport.Median(repeats + 2, () => a.matmul(b).Dispose()) / 1e9;
            }

            var groups = Groups(config.VocabSize);
            var trained = groups.Sum(g => g.Responses.Sum(s => g.Prompt.Tokens.Length + s.Length));
            foreach (var (name, lora) in new[] { ("full", (LoraSettings?)null), ("lora16", new LoraSettings(16, 32, PolicyOptions.LoraModules, 1)) })
            {
                using var decoder = HfModelFolder.Load(folder, ScalarType.Float32, CPU, lora);
                var parameters = (double)decoder.Weights.Values.Sum(p => p.numel());
                figures["parameters"] = parameters;
                using var learner = new Learner(decoder, Options(), padId: 0);
                var seconds = PerformanceReport.Median(repeats, () => learner.Update(groups, 1));
                figures[$"learnerTokensPerSecond_{name}"] = trained / seconds;
                figures[$"learnerGflops_{name}"] = 6 * parameters * trained / seconds / 1e9;
            }

            using (var decoder = HfModelFolder.Load(folder, ScalarType.Float32, CPU))
            {
                var random = new Random(3);
                var prompts = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, 32).Select(_ => random.Next(10, config.VocabSize)).ToArray()).ToArray();
                var seconds = PerformanceReport.Median(repeats, () => PolicySampler.Sample(decoder, prompts, new SamplingSettings(64), -1, 0, new Generator(1)));
                figures["samplingTokensPerSecond"] = 64 * 64 / seconds;
                figures["samplingGflops"] = 2 * figures["parameters"] * 64 * (64 + 32) / seconds / 1e9;
            }

            figures["learnerShareOfMatmul"] = figures["learnerGflops_full"] / figures["matmulGflops"];
            foreach (var (key, value) in figures)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-32} {value,14:F1}"));
            }

            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(figures));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static RunOptions Options() => new()
    {
        Task = new Orleans.Rlvr.Training.Tasks.CountdownText.CountdownTextOptions(),
        Rollout = new RolloutOptions { MaxResponseLength = 128, PromptsPerStep = 8, GroupSize = 8 },
        Ppo = new PpoOptions { MicroBatchSize = 16 },
    };

    private static IReadOnlyList<ScoredGroup> Groups(int vocab)
    {
        var random = new Random(6);
        return Enumerable.Range(0, 8).Select(g =>
        {
            var prompt = Enumerable.Range(0, 32).Select(_ => random.Next(10, vocab)).ToArray();
            var responses = Enumerable.Range(0, 8).Select(_ =>
            {
                var length = random.Next(32, 129);
                return new ResponseSample(Enumerable.Range(0, length).Select(_ => random.Next(10, vocab)).ToArray(), Enumerable.Repeat(-3f, length).ToArray(), Truncated: false);
            }).ToArray();
            var rewards = responses.Select(_ => (double)random.Next(2)).ToArray();
            return new ScoredGroup(new PromptRef($"p{g}", "", prompt), responses, rewards, rewards.Select(x => x - 0.5).ToArray(), Enumerable.Repeat(true, 8).ToArray());
        }).ToArray();
    }
}
