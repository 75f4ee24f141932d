namespace Orleans.Rlvr.Rollouts;

/// <summary>A task prompt as it travels between grains: its id, text and token ids (BOS included).</summary>
[GenerateSerializer, Immutable, Alias("rlvr.PromptRef")]
public sealed record PromptRef(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] int[] Tokens);
