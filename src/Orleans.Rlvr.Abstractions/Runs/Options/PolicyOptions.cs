namespace Orleans.Rlvr.Runs;

/// <summary>The shape of the causal transformer policy (the vocabulary comes from the task's tokenizer).</summary>
[GenerateSerializer, Immutable, Alias("rlvr.PolicyOptions")]
public sealed record PolicyOptions
{
    /// <summary>d_model: the embedding and residual width.</summary>
    [Id(0)] public int Width { get; init; } = 128;

    /// <summary>Number of transformer blocks.</summary>
    [Id(1)] public int Depth { get; init; } = 4;

    /// <summary>Attention heads; must divide <see cref="Width"/>.</summary>
    [Id(2)] public int Heads { get; init; } = 4;

    /// <summary>The most prompt + response tokens a sequence may hold (the size of the position table).</summary>
    [Id(3)] public int ContextLength { get; init; } = 192;

    /// <summary>Hidden width of the MLP as a multiple of <see cref="Width"/>.</summary>
    [Id(4)] public int MlpRatio { get; init; } = 4;

    public PolicyOptions Validate()
    {
        Guard.Range("policy.width", Width, 8, 16384);
        Guard.Range("policy.depth", Depth, 1, 256);
        Guard.Range("policy.heads", Heads, 1, Width);
        if (Width % Heads != 0)
        {
            throw new ArgumentOutOfRangeException("policy.heads", Heads, $"policy.heads must divide policy.width = {Width}.");
        }

        Guard.Range("policy.contextLength", ContextLength, 2, 1 << 20);
        Guard.Range("policy.mlpRatio", MlpRatio, 1, 64);
        return this;
    }
}
