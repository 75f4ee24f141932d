using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Supervised warm start: next-token cross-entropy −(1/Σ m) Σ m·log π_θ(y_t | prompt, y_&lt;t) on the task's noisy
/// teacher traces (EOS included), AdamW with a cosine decay to a tenth of the learning rate. The teacher is
/// sometimes wrong, so the starting policy is imperfect and RL has room to improve.
/// </summary>
public sealed class WarmStart(IRlvrTask task, RunOptions options)
{
    /// <summary>Prompts from this offset of the train stream feed the warm start, far from those RL steps draw.</summary>
    public const int PromptOffset = 50_000_000;

    /// <summary>
    /// Loads the cached warm start of these options into <paramref name="policy"/>, or trains it (reporting (step, loss)
    /// after each step) and caches it. While another run computes the same warm start, waits for it under the cache's
    /// lock (reporting step 0) and loads it. Returns the final warm-start loss and whether it came from the cache.
    /// </summary>
    public (double Loss, bool Cached) TrainOrLoad(CausalPolicy policy, WarmStartCache? cache, Action<int, double>? progress = null)
    {
        if (cache?.TryLoad(options, policy) is { } cachedLoss)
        {
            return (cachedLoss, true);
        }

        using var held = cache?.Acquire(options, () => progress?.Invoke(0, double.NaN));
        if (cache?.TryLoad(options, policy) is { } computedMeanwhile)
        {
            return (computedMeanwhile, true);
        }

        var loss = double.NaN;
        Train(policy, (step, stepLoss) =>
        {
            loss = stepLoss;
            progress?.Invoke(step, stepLoss);
        });
        cache?.Save(options, policy, loss);
        return (loss, false);
    }

    /// <summary>Trains <paramref name="policy"/> in place; reports (step, loss) after each step.</summary>
    public void Train(CausalPolicy policy, Action<int, double>? progress = null)
    {
        var settings = options.WarmStart;
        if (settings.Steps == 0)
        {
            return;
        }

        var device = policy.Device();
        var random = new Random((int)(StepSeeds.WarmStart(options.WarmStart.SeedFor(options.Seed)) & int.MaxValue));
        using var optimizer = optim.AdamW(policy.TrainableParameters(), settings.LearningRate, weight_decay: 0.01);
        policy.train();
        for (var step = 0; step < settings.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var learningRate = settings.LearningRate * (0.1 + 0.45 * (1 + Math.Cos(Math.PI * step / settings.Steps)));
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            var prompts = task.Prompts(TaskSplit.Train, PromptOffset + step * settings.BatchSize, settings.BatchSize);
            var rows = prompts.Select(p =>
            {
                var response = PromptEncoding.EncodeResponse(task.TeacherResponse(p, random), task.Tokenizer);
                return new SequenceRow(PromptEncoding.Encode(p, task.Tokenizer).Tokens, response[..Math.Min(response.Length, options.Rollout.MaxResponseLength)], new float[response.Length], 0, true, 0);
            }).ToArray();
            var batch = SequenceBatch.Build(rows, task.Tokenizer.PadId, device);
            var (logProbs, _) = SequenceLogProbs.Compute(policy, batch.Tokens, batch.Valid, batch.PromptWidth);
            var loss = -(logProbs * batch.ResponseMask).sum() / batch.ResponseMask.sum();
            optimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(policy.TrainableParameters(), 1.0);
            optimizer.step();
            progress?.Invoke(step + 1, loss.item<float>());
        }
    }
}
