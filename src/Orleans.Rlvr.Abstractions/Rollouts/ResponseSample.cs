namespace Orleans.Rlvr.Rollouts;

/// <summary>One sampled response: its tokens (EOS included when emitted) and log π_old of each token at sampling time.</summary>
/// <param name="Tokens">Response token ids, length L (the counted tokens).</param>
/// <param name="LogProbs">log π_old(token) under the sampling policy at temperature 1, one per token.</param>
/// <param name="Truncated">True when the response hit the maximum length M without emitting EOS.</param>
[GenerateSerializer, Immutable, Alias("rlvr.ResponseSample")]
public sealed record ResponseSample(
    [property: Id(0)] int[] Tokens,
    [property: Id(1)] float[] LogProbs,
    [property: Id(2)] bool Truncated)
{
    /// <summary>L: the number of response tokens.</summary>
    public int Length => Tokens.Length;
}
