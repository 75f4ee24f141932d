using Orleans.Rlvr.Training.Policy;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// The adaptive-α probe on one step's batch: per-response gradients g_i = ∇θ Σ_t A_i·(−log π(y_t | q, y_&lt;t)) for up to
/// <c>count</c> responses with A_i ≠ 0 (picked by a seeded shuffle), and their squared deviations ‖g_i − ḡ‖² from the
/// probed responses' mean ḡ. One backward pass per response; the model's gradients are zeroed before and after, so the
/// update that follows is unaffected.
/// </summary>
public static class AlphaProbe
{
    /// <summary>(L_i, ‖g_i − ḡ‖²) of the probed responses; empty when fewer than two responses have A_i ≠ 0.</summary>
    public static (int[] Lengths, double[] SquaredDeviations) Measure(CausalPolicy policy, IReadOnlyList<SequenceRow> rows, int count, int padId, long seed)
    {
        var candidates = rows.Where(r => r.Advantage != 0 && r.Length > 0).ToArray();
        new Random((int)(seed & int.MaxValue)).Shuffle(candidates);
        var probed = candidates.Take(count).ToArray();
        if (probed.Length < 2)
        {
            return ([], []);
        }

        using var scope = NewDisposeScope();
        var parameters = policy.TrainableParameters().ToArray();
        var device = parameters[0].device;
        var gradients = new Tensor[probed.Length];
        for (var i = 0; i < probed.Length; i++)
        {
            policy.zero_grad();
            var batch = SequenceBatch.Build([probed[i]], padId, device);
            var (logProbs, _) = SequenceLogProbs.Compute(policy, batch.Tokens, batch.Valid, batch.PromptWidth);   // [1, R]
            var loss = -(batch.Advantages * (logProbs * batch.ResponseMask).sum(1)).sum();
            loss.backward();
            gradients[i] = cat(parameters.Select(p => p.grad is { } grad ? grad.flatten() : zeros(p.numel(), device: device)).ToArray())
                .to_type(ScalarType.Float64);   // [D]
        }

        policy.zero_grad();
        var stacked = stack(gradients);   // [n, D]
        var deviations = (stacked - stacked.mean([0], keepdim: true)).square().sum(1).cpu();   // [n]
        return (probed.Select(r => r.Length).ToArray(), deviations.data<double>().ToArray());
    }
}
