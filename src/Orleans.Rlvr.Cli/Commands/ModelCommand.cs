using System.CommandLine;
using System.Globalization;
using Orleans.Rlvr.Training.Models;
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
        return new Command("model", "Hugging Face decoder folders (the LLM policy path; docs/llm.md).") { init };
    }

    /// <summary>The tokenizer's training text: countdown-text prompts and teacher responses of 2,000 training problems.</summary>
    private static IEnumerable<string> Corpus()
    {
        var task = new CountdownTextTask(new CountdownTextOptions(), maxResponseLength: 256);
        var random = new Random(1);
        return task.Prompts(TaskSplit.Train, 0, 2_000).SelectMany(p => new[] { p.Text, task.TeacherResponse(p, random) });
    }
}
