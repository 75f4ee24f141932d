using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>The shape of the causal transformer policy (the vocabulary comes from the task's tokenizer).</summary>
public sealed record PolicyOptions
{
    /// <summary>d_model: the embedding and residual width.</summary>
    public int Width { get; init; } = 128;

    /// <summary>Number of transformer blocks.</summary>
    public int Depth { get; init; } = 4;

    /// <summary>Attention heads; must divide <see cref="Width"/>.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>The most prompt + response tokens a sequence may hold (the size of the position table).</summary>
    public int ContextLength { get; init; } = 192;

    /// <summary>Hidden width of the MLP as a multiple of <see cref="Width"/>.</summary>
    public int MlpRatio { get; init; } = 4;

    public PolicyOptions Validate()
    {
        OptionsGuard.Range("policy.width", Width, 8, 16384);
        OptionsGuard.Range("policy.depth", Depth, 1, 256);
        OptionsGuard.Range("policy.heads", Heads, 1, Width);
        if (Width % Heads != 0)
        {
            throw new ArgumentOutOfRangeException("policy.heads", Heads, $"policy.heads must divide policy.width = {Width}.");
        }

        OptionsGuard.Range("policy.contextLength", ContextLength, 2, 1 << 20);
        OptionsGuard.Range("policy.mlpRatio", MlpRatio, 1, 64);
        return this;
    }
}
