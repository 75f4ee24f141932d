namespace Orleans.Rlvr.Training.Loss;

/// <summary>A validated batch for <c>rlvr loss</c>: rows padded to T with mask 0, and each row's counted length.</summary>
/// <param name="MaxLength">M.</param>
/// <param name="TokenLosses">ℓ, [n, T] row-major, padded with 0.</param>
/// <param name="Mask">1 where a token counts, [n, T] row-major.</param>
/// <param name="Width">T, the longest row.</param>
/// <param name="Lengths">L_i, the counted tokens of each row.</param>
public sealed record LossBatch(int MaxLength, double[] TokenLosses, double[] Mask, int Width, int[] Lengths)
{
    /// <summary>n, the number of sequences.</summary>
    public int Count => Lengths.Length;
}
