using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>How prompts and responses become token sequences: the tokenizer's prompt encoding (BOS + prompt, or a chat format); response + EOS.</summary>
public static class PromptEncoding
{
    /// <summary>The prompt as it travels to rollout workers and the learner.</summary>
    public static PromptRef Encode(TaskPrompt prompt, ITokenizer tokenizer) =>
        new(prompt.Id, prompt.Text, tokenizer.EncodePrompt(prompt.Text));

    /// <summary>A teacher response as response tokens, EOS appended.</summary>
    public static int[] EncodeResponse(string response, ITokenizer tokenizer) =>
        [.. tokenizer.Encode(response), tokenizer.EosId];
}
