using System.CommandLine;
using System.Globalization;
using Orleans.Rlvr.Training.Models;
using TorchSharp;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Tasks.CountdownText;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr model init --family qwen2|llama ... --out DIR</c>: a random, valid Hugging Face decoder folder (config.json,
/// model.safetensors in bf16, a byte-level BPE tokenizer.json learned from countdown-text prompts and teacher responses,
/// tokenizer_config.json, generation_config.json) of the given shape, for tests and dry runs of the LLM path.
/// </summary>
public static class ModelCommand
{
    public static Command Create(TextWriter output)
    {
        var family = new Option<string>("--family") { Description = "Decoder family: qwen2 or llama.", DefaultValueFactory = _ => "qwen2" };
        var layers = new Option<int>("--layers") { Description = "Decoder layers.", DefaultValueFactory = _ => 2 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden size.", DefaultValueFactory = _ => 64 };
        var heads = new Option<int>("--heads") { Description = "Attention heads (a divisor of --hidden).", DefaultValueFactory = _ => 4 };
        var kvHeads = new Option<int>("--kv-heads") { Description = "Key/value heads (a divisor of --heads; fewer = grouped-query attention).", DefaultValueFactory = _ => 2 };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size (256 byte tokens, learned merges, the family's special tokens).", DefaultValueFactory = _ => 512 };
        var intermediate = new Option<int?>("--intermediate") { Description = "MLP size (default: 2 × hidden)." };
        var tie = new Option<bool>("--tie") { Description = "Tie the output head to the embedding (as Qwen2.5-0.5B)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the random weights.", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "The folder to write (must not exist or be empty).", Required = true };
        var init = new Command("init", "Write a random Hugging Face decoder folder (config.json, model.safetensors in bf16, tokenizer files) of a given shape.")
        {
            family, layers, hidden, heads, kvHeads, vocab, intermediate, tie, seed, outDir,
        };
        init.SetAction(parse =>
        {
            var folder = OutputPaths.Folder("--out", parse.GetValue(outDir)!);
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new UsageException($"--out: '{folder}' is not empty; give a new folder.");
            }

            var name = parse.GetValue(family)!;
            if (!HfDecoderConfig.Families.Contains(name))
            {
                throw new UsageException($"--family: '{name}' is not one of {string.Join(", ", HfDecoderConfig.Families)}.");
            }

            HfDecoderConfig config;
            try
            {
                config = new HfDecoderConfig
                {
                    ModelType = name,
                    VocabSize = parse.GetValue(vocab),
                    HiddenSize = parse.GetValue(hidden),
                    IntermediateSize = parse.GetValue(intermediate) ?? 2 * parse.GetValue(hidden),
                    Layers = parse.GetValue(layers),
                    Heads = parse.GetValue(heads),
                    KeyValueHeads = parse.GetValue(kvHeads),
                    TieWordEmbeddings = parse.GetValue(tie),
                    RopeTheta = name == "qwen2" ? 1_000_000 : 10_000,
                    AttentionBias = name == "qwen2",
                }.Validate("--");
            }
            catch (ArgumentException e)
            {
                throw new UsageException(Orleans.Rlvr.Guard.UserMessage(e).Replace("--: ", "", StringComparison.Ordinal) + " (flags: --vocab, --hidden, --intermediate, --layers, --heads, --kv-heads)");
            }

            var specials = HfTokenizerFiles.Specials(name).Count;
            if (config.VocabSize < 256 + specials)
            {
                throw new UsageException($"--vocab must be at least {256 + specials} for {name}: 256 byte tokens and {specials} special tokens (got {config.VocabSize}).");
            }

            HfModelFolder.WriteRandom(folder, config, parse.GetValue(seed));
            var used = HfTokenizerFiles.Write(folder, name, Corpus(), config.VocabSize);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {Path.GetFullPath(folder)}: {name}, {config.Layers} layers, hidden {config.HiddenSize}, {config.Heads} heads / {config.KeyValueHeads} kv, vocab {config.VocabSize} ({used} used by tokenizer.json){(config.TieWordEmbeddings ? ", tied" : "")}"));
            return 0;
        });
        return new Command("model", "Hugging Face decoder folders (the LLM policy path; docs/llm.md).") { init, Logits(output) };
    }

    /// <summary><c>rlvr model logits --model DIR --tokens 1,2,3 [--json]</c>: the decoder's float32 logits at each position.</summary>
    private static Command Logits(TextWriter output)
    {
        var model = new Option<string>("--model") { Description = "A Hugging Face model folder.", Required = true };
        var tokens = new Option<string>("--tokens") { Description = "Comma-separated token ids, e.g. 1,2,3.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print {\"logits\": [[...], ...]} (one row per position)." };
        var command = new Command("logits", "Print the logits of a model folder's decoder on token ids (float32, one row per position).") { model, tokens, json };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(model)!;
            if (!File.Exists(Path.Combine(folder, HfModelFolder.ConfigFile)))
            {
                throw new UsageException($"--model: '{folder}' is not a Hugging Face model folder (no {HfModelFolder.ConfigFile}).");
            }

            var ids = new List<long>();
            foreach (var part in parse.GetValue(tokens)!.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    throw new UsageException($"--tokens: '{part}' is not a token id (comma-separated non-negative integers, e.g. 1,2,3).");
                }

                ids.Add(id);
            }

            HfDecoder decoder;
            try
            {
                decoder = HfModelFolder.Load(folder, torch.ScalarType.Float32, torch.CPU);
            }
            catch (ArgumentException e)
            {
                throw UsageException.From(e);
            }
            catch (Exception e) when (HfModelFolder.IsUnreadable(e))
            {
                throw new UsageException($"--model: '{folder}' cannot be loaded: {e.Message}");
            }

            using (decoder)
            {
                if (ids.FirstOrDefault(id => id >= decoder.VocabSize) is var bad && bad >= decoder.VocabSize)
                {
                    throw new UsageException($"--tokens: id {bad} is outside the model's vocabulary (0..{decoder.VocabSize - 1}).");
                }

                using var noGrad = torch.no_grad();
                using var logits = decoder.Logits(torch.tensor(ids.ToArray(), [1, ids.Count]))[0];
                var rows = Enumerable.Range(0, ids.Count).Select(i => logits[i].data<float>().ToArray()).ToArray();
                if (parse.GetValue(json))
                {
                    output.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, float[][]> { ["logits"] = rows }));
                }
                else
                {
                    for (var i = 0; i < rows.Length; i++)
                    {
                        var best = Array.IndexOf(rows[i], rows[i].Max());
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"position {i} (token {ids[i]}): argmax {best} ({rows[i][best]:F4}), {rows[i].Length} logits"));
                    }
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The tokenizer's training text: countdown-text prompts and teacher responses of 2,000 training problems.</summary>
    private static IEnumerable<string> Corpus()
    {
        var task = new CountdownTextTask(new CountdownTextOptions(), maxResponseLength: 256);
        var random = new Random(1);
        return task.Prompts(TaskSplit.Train, 0, 2_000).SelectMany(p => new[] { p.Text, task.TeacherResponse(p, random) });
    }
}
