namespace Orleans.Rlvr.Training.Engine;

/// <summary>One prompt + response sequence as the learner sees it.</summary>
/// <param name="PromptTokens">BOS + prompt tokens.</param>
/// <param name="ResponseTokens">The response tokens (EOS included when emitted).</param>
/// <param name="OldLogProbs">log π_old of each response token.</param>
/// <param name="Advantage">A_i.</param>
/// <param name="Counted">Whether the response enters the loss (false: L_i = 0, e.g. overlong-filtered).</param>
/// <param name="Group">The prompt group it belongs to (for the per-group aggregation scope).</param>
public sealed record SequenceRow(int[] PromptTokens, int[] ResponseTokens, float[] OldLogProbs, double Advantage, bool Counted, int Group)
{
    /// <summary>L_i: the counted tokens.</summary>
    public int Length => Counted ? ResponseTokens.Length : 0;
}
