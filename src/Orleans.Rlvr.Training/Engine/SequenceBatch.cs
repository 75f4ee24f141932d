using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Rows packed as tensors: prompts left-padded to P, responses right-padded to R (the longest response of the
/// rows, at most M). All tensors live in the caller's dispose scope.
/// </summary>
public sealed class SequenceBatch
{
    private SequenceBatch(Tensor tokens, Tensor valid, Tensor responseMask, Tensor oldLogProbs, Tensor advantages, int promptWidth)
    {
        Tokens = tokens;
        Valid = valid;
        ResponseMask = responseMask;
        OldLogProbs = oldLogProbs;
        Advantages = advantages;
        PromptWidth = promptWidth;
    }

    /// <summary>[n, P + R] token ids.</summary>
    public Tensor Tokens { get; }

    /// <summary>[n, P + R] bool: real tokens (attention keys).</summary>
    public Tensor Valid { get; }

    /// <summary>[n, R] float: 1 where a response token is counted in the loss.</summary>
    public Tensor ResponseMask { get; }

    /// <summary>[n, R] log π_old.</summary>
    public Tensor OldLogProbs { get; }

    /// <summary>[n] A_i.</summary>
    public Tensor Advantages { get; }

    /// <summary>P.</summary>
    public int PromptWidth { get; }

    public static SequenceBatch Build(IReadOnlyList<SequenceRow> rows, int padId, Device device)
    {
        var n = rows.Count;
        var p = rows.Max(r => r.PromptTokens.Length);
        var r = Math.Max(1, rows.Max(row => row.ResponseTokens.Length));
        var width = p + r;
        var tokens = new long[n * width];
        var valid = new bool[n * width];
        var mask = new float[n * r];
        var old = new float[n * r];
        Array.Fill(tokens, padId);
        for (var i = 0; i < n; i++)
        {
            var row = rows[i];
            var offset = i * width + p - row.PromptTokens.Length;
            for (var t = 0; t < row.PromptTokens.Length; t++)
            {
                tokens[offset + t] = row.PromptTokens[t];
                valid[offset + t] = true;
            }

            for (var t = 0; t < row.ResponseTokens.Length; t++)
            {
                tokens[i * width + p + t] = row.ResponseTokens[t];
                valid[i * width + p + t] = true;
                mask[i * r + t] = row.Counted ? 1f : 0f;
                old[i * r + t] = row.OldLogProbs[t];
            }
        }

        return new SequenceBatch(
            tensor(tokens, [n, width], ScalarType.Int64).to(device),
            tensor(valid, [n, width]).to(device),
            tensor(mask, [n, r]).to(device),
            tensor(old, [n, r]).to(device),
            tensor(rows.Select(row => (float)row.Advantage).ToArray()).to(device),
            p);
    }
}
