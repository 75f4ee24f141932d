namespace Orleans.Rlvr.Training.Models;

/// <summary>
/// How a prompt text is wrapped before tokenizing: a template with one <c>{prompt}</c> placeholder, whose chat markers
/// (added tokens such as <c>&lt;|im_start|&gt;</c>) encode as single tokens. <c>policy.promptTemplate</c> chooses it:
/// <list type="bullet">
/// <item><c>auto</c> (default): the family's single-turn chat format when the tokenizer has its markers — Qwen2's
/// ChatML (with the default system message its <c>chat_template</c> writes, when it names one of Qwen's two) or Llama 3's
/// header format — else the prompt alone, after BOS when the tokenizer has one (a base model);</item>
/// <item><c>none</c>: the prompt text exactly;</item>
/// <item>a file path: the file's text, which must contain <c>{prompt}</c>.</item>
/// </list>
/// Jinja <c>chat_template</c>s are not interpreted; the built-in formats are what those templates print for one user turn.
/// </summary>
public sealed record HfChatFormat(string Name, string Template)
{
    public const string Placeholder = "{prompt}";

    private const string QwenSystem = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";
    private const string PlainSystem = "You are a helpful assistant.";

    /// <summary>The text the policy sees for <paramref name="prompt"/>.</summary>
    public string Apply(string prompt) => Template.Replace(Placeholder, prompt, StringComparison.Ordinal);

    /// <summary>The format <paramref name="setting"/> selects for a decoder family and tokenizer.</summary>
    public static HfChatFormat Resolve(string setting, string modelType, string? chatTemplate, ByteLevelBpe bpe)
    {
        if (string.Equals(setting, "none", StringComparison.OrdinalIgnoreCase))
        {
            return new("none", Placeholder);
        }

        if (!string.IsNullOrEmpty(setting) && !string.Equals(setting, "auto", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(setting))
            {
                throw new ArgumentException($"policy.promptTemplate: '{setting}' is neither auto, none nor an existing file.", "policy.promptTemplate");
            }

            var text = File.ReadAllText(setting);
            return text.Contains(Placeholder, StringComparison.Ordinal)
                ? new(Path.GetFileName(setting), text)
                : throw new ArgumentException($"policy.promptTemplate: '{setting}' has no {Placeholder} placeholder.", "policy.promptTemplate");
        }

        if (modelType == "qwen2" && bpe.IdOf("<|im_start|>") is not null && bpe.IdOf("<|im_end|>") is not null)
        {
            var system = chatTemplate?.Contains(QwenSystem, StringComparison.Ordinal) == true ? QwenSystem
                : chatTemplate?.Contains(PlainSystem, StringComparison.Ordinal) == true ? PlainSystem
                : null;
            var header = system is null ? "" : $"<|im_start|>system\n{system}<|im_end|>\n";
            return new("chatml", $"{header}<|im_start|>user\n{Placeholder}<|im_end|>\n<|im_start|>assistant\n");
        }

        if (modelType == "llama" && bpe.IdOf("<|start_header_id|>") is not null && bpe.IdOf("<|eot_id|>") is not null)
        {
            var bos = bpe.IdOf("<|begin_of_text|>") is not null ? "<|begin_of_text|>" : "";
            return new("llama3", $"{bos}<|start_header_id|>user<|end_header_id|>\n\n{Placeholder}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
        }

        var start = new[] { "<|begin_of_text|>", "<s>" }.FirstOrDefault(t => bpe.IdOf(t) is not null) ?? "";
        return new("plain", start + Placeholder);
    }
}
