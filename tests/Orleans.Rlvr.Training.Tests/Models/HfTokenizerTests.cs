using Orleans.Rlvr.Tests.Shared;
using Orleans.Rlvr.Training.Models;

namespace Orleans.Rlvr.Training.Tests.Models;

/// <summary>
/// A model folder's tokenizer as the engine uses it: text round-trips, prompts are wrapped in the family's chat format
/// with its markers as single tokens, generation stops at every EOS id of generation_config.json, and a prompt template
/// file replaces the chat format (one without the placeholder is refused naming the setting).
/// </summary>
public sealed class HfTokenizerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-hftok-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Qwen2Folder_WrapsPromptsInChatMl_AndStopsAtImEndOrEndOfText()
    {
        var folder = TinyModel.Write(Path.Combine(_root, "qwen"), TinyModel.Config("qwen2"));
        var tokenizer = HfTokenizer.Load(folder, "qwen2", "auto");
        var bpe = ByteLevelBpe.FromTokenizerJson(Path.Combine(folder, HfTokenizer.TokenizerFile));
        int Id(string token) => bpe.IdOf(token)!.Value;

        var prompt = tokenizer.EncodePrompt("Reach 7 with the numbers 3, 4.");

        Assert.Equal("chatml", tokenizer.Chat.Name);
        Assert.Equal(Id("<|im_start|>"), prompt[0]);
        Assert.Equal(2, prompt.Count(t => t == Id("<|im_start|>")));
        Assert.Equal([Id("<|im_end|>"), Id("<|endoftext|>")], tokenizer.StopIds);
        Assert.Equal((Id("<|im_end|>"), Id("<|endoftext|>")), (tokenizer.EosId, tokenizer.PadId));
        Assert.Equal("user\nReach 7 with the numbers 3, 4.\nassistant\n", tokenizer.Decode(prompt));
    }

    [Fact]
    public void LlamaFolder_StartsPromptsWithBosAndTheUserHeader()
    {
        var folder = TinyModel.Write(Path.Combine(_root, "llama"), TinyModel.Config("llama", 4, 4, false));
        var tokenizer = HfTokenizer.Load(folder, "llama", "auto");
        var bpe = ByteLevelBpe.FromTokenizerJson(Path.Combine(folder, HfTokenizer.TokenizerFile));

        var prompt = tokenizer.EncodePrompt("hi");

        Assert.Equal("llama3", tokenizer.Chat.Name);
        Assert.Equal([bpe.IdOf("<|begin_of_text|>")!.Value, bpe.IdOf("<|start_header_id|>")!.Value], prompt[..2]);
        Assert.Equal(bpe.IdOf("<|begin_of_text|>"), tokenizer.BosId);
        Assert.Contains(bpe.IdOf("<|eot_id|>")!.Value, tokenizer.StopIds);
    }

    [Theory]
    [InlineData("<answer> (9 - 3) * 4 </answer>\n\tünïcödé ✓ 42")]
    [InlineData("Reach 16 with the numbers 9, 9, 2: combine every number exactly once.")]
    public void Text_RoundTrips(string text)
    {
        var tokenizer = HfTokenizer.Load(TinyModel.Write(Path.Combine(_root, "rt"), TinyModel.Config()), "qwen2", "auto");

        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void PromptTemplateFile_ReplacesTheChatFormat_AndOneWithoutThePlaceholderIsRefused()
    {
        var folder = TinyModel.Write(Path.Combine(_root, "tpl"), TinyModel.Config());
        var good = Path.Combine(_root, "good.txt");
        File.WriteAllText(good, "Question: {prompt}\nAnswer:");
        var bad = Path.Combine(_root, "bad.txt");
        File.WriteAllText(bad, "Question: {question}");

        var tokenizer = HfTokenizer.Load(folder, "qwen2", good);
        var error = Assert.Throws<ArgumentException>(() => HfTokenizer.Load(folder, "qwen2", bad));
        var none = HfTokenizer.Load(folder, "qwen2", "none");

        Assert.Equal("Question: 2+2\nAnswer:", tokenizer.Decode(tokenizer.EncodePrompt("2+2")));
        Assert.StartsWith("policy.promptTemplate", error.Message, StringComparison.Ordinal);
        Assert.Equal(none.Encode("2+2"), none.EncodePrompt("2+2"));
    }
}
