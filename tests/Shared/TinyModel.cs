using Orleans.Rlvr.Training.Models;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Tasks.CountdownText;

namespace Orleans.Rlvr.Tests.Shared;

/// <summary>A small random Hugging Face folder with a tokenizer learned from countdown-text, as <c>rlvr model init</c> writes one.</summary>
public static class TinyModel
{
    public static HfDecoderConfig Config(string family = "qwen2", int heads = 4, int kvHeads = 2, bool tied = true, int vocab = 400) => new HfDecoderConfig
    {
        ModelType = family, VocabSize = vocab, HiddenSize = 32, IntermediateSize = 64, Layers = 2, Heads = heads, KeyValueHeads = kvHeads,
        TieWordEmbeddings = tied, RopeTheta = family == "qwen2" ? 1_000_000 : 10_000, AttentionBias = family == "qwen2", MaxPositions = 512,
    }.Validate();

    public static string Write(string folder, HfDecoderConfig config, int seed = 1)
    {
        HfModelFolder.WriteRandom(folder, config, seed);
        var task = new CountdownTextTask(new CountdownTextOptions(), 256);
        var random = new Random(seed);
        HfTokenizerFiles.Write(folder, config.ModelType, task.Prompts(TaskSplit.Train, 0, 300).SelectMany(p => new[] { p.Text, task.TeacherResponse(p, random) }), config.VocabSize);
        return folder;
    }
}
