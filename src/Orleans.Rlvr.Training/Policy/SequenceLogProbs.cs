using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>
/// Teacher-forced scoring of prompt + response batches with one full forward pass (the learner's path, with
/// gradients): log π_θ of every response token and the entropy of π_θ at that position.
/// </summary>
public static class SequenceLogProbs
{
    /// <param name="policy">π_θ.</param>
    /// <param name="tokens">[n, P + R]: prompts left-padded to P, then responses right-padded to R.</param>
    /// <param name="valid">[n, P + R] bool: real prompt tokens and real response tokens.</param>
    /// <param name="promptWidth">P.</param>
    /// <returns>LogProbs and Entropy, both [n, R]; padded slots hold finite values the caller masks.</returns>
    public static (Tensor LogProbs, Tensor Entropy) Compute(CausalPolicy policy, Tensor tokens, Tensor valid, int promptWidth)
    {
        var responseWidth = tokens.shape[1] - promptWidth;
        using var scope = NewDisposeScope();
        var logits = policy.Forward(tokens, AttentionMasks.Positions(valid), AttentionMasks.Causal(valid));   // [n, P + R, V]
        var predicting = logits.narrow(1, promptWidth - 1, responseWidth).to_type(ScalarType.Float32);        // [n, R, V]
        var all = predicting.log_softmax(-1);
        using Scalar lastToken = policy.VocabSize - 1;                                                        // kept alive: TorchScalars
        var response = tokens.narrow(1, promptWidth, responseWidth).clamp_max(lastToken);                     // [n, R]
        var logProbs = all.gather(-1, response.unsqueeze(-1)).squeeze(-1);                                    // [n, R]
        var entropy = -(all.exp() * all).sum(-1);                                                             // [n, R]
        return (logProbs.MoveToOuterDisposeScope(), entropy.MoveToOuterDisposeScope());
    }
}
