using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
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

    /// <summary>Steps between the snapshots a failed warm-start step goes back to.</summary>
    public int SnapshotEvery { get; init; } = 250;

    /// <summary>Fault injection (tests): called with the step (1-based) after its optimizer step, before it is reported.</summary>
    public Action<int>? AfterUpdate { get; init; }

    /// <summary>
    /// Loads the cached warm start of these options into <paramref name="policy"/>, or trains it (reporting (step, loss)
    /// after each step, and each failed step as in <see cref="Train"/>) and caches it. While another run computes the same
    /// warm start, waits for it under the cache's lock (reporting step 0) and loads it. Returns the final warm-start loss
    /// and whether it came from the cache.
    /// </summary>
    public (double Loss, bool Cached) TrainOrLoad(CausalPolicy policy, WarmStartCache? cache, Action<int, double>? progress = null, Action<int, Exception, int>? retried = null)
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
        }, retried, cache?.SnapshotDirectory(options));
        cache?.Save(options, policy, loss);
        return (loss, false);
    }

    /// <summary>
    /// Trains <paramref name="policy"/> in place; reports (step, loss) after each step. A step that fails with a LibTorch
    /// error (TorchSharp's temporary scalars, docs/reliability.md) goes back to the last snapshot (weights and optimizer
    /// state written as a checkpoint writes them — a large model's state does not fit a byte array — in
    /// <paramref name="snapshotDirectory"/> or a temporary folder, every <see cref="SnapshotEvery"/> steps, deleted at the end; the teacher's random stream is replayed to that step)
    /// and goes on from there, reporting (failed step, error, step gone back to) to <paramref name="retried"/>; the result
    /// is the same as a warm start that never failed. A step failing <see cref="Trainer.MaxStepAttempts"/> times throws.
    /// </summary>
    public void Train(CausalPolicy policy, Action<int, double>? progress = null, Action<int, Exception, int>? retried = null, string? snapshotDirectory = null)
    {
        var settings = options.WarmStart;
        if (settings.Steps == 0)
        {
            return;
        }

        var device = policy.Device();
        using var optimizer = optim.AdamW(policy.TrainableParameters(), settings.LearningRate, weight_decay: 0.01);
        policy.train();
        var random = TeacherRandom(0);
        using var snapshot = new Snapshot(snapshotDirectory);
        snapshot.Take(policy, optimizer, 0);
        var (failedStep, attempts) = (0, 0);
        for (var step = 0; step < settings.Steps;)
        {
            if (step % SnapshotEvery == 0 && step != snapshot.Step)
            {
                snapshot.Take(policy, optimizer, step);
            }

            float loss;
            try
            {
                loss = TrainStep(policy, optimizer, step, random, device);
                AfterUpdate?.Invoke(step + 1);
            }
            catch (ExternalException error)
            {
                (failedStep, attempts) = (step + 1, step + 1 == failedStep ? attempts + 1 : 1);
                if (attempts >= Trainer.MaxStepAttempts)
                {
                    throw;
                }

                retried?.Invoke(step + 1, error, snapshot.Step);
                snapshot.Restore(policy, optimizer);
                random = TeacherRandom(snapshot.Step);
                step = snapshot.Step;
                continue;
            }

            step++;
            progress?.Invoke(step, loss);
        }
    }

    private float TrainStep(CausalPolicy policy, OptimizerHelper optimizer, int step, Random random, Device device)
    {
        var settings = options.WarmStart;
        using var scope = NewDisposeScope();
        var learningRate = settings.LearningRate * (0.1 + 0.45 * (1 + Math.Cos(Math.PI * step / settings.Steps)));
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        var rows = TeacherBatch(step, random).Select(r =>
        {
            var response = PromptEncoding.EncodeResponse(r.Response, task.Tokenizer);
            return new SequenceRow(PromptEncoding.Encode(r.Prompt, task.Tokenizer).Tokens, response[..Math.Min(response.Length, options.Rollout.MaxResponseLength)], new float[response.Length], 0, true, 0);
        }).ToArray();
        var batch = SequenceBatch.Build(rows, task.Tokenizer.PadId, device);
        var (logProbs, _) = SequenceLogProbs.Compute(policy, batch.Tokens, batch.Valid, batch.PromptWidth);
        var loss = -(logProbs * batch.ResponseMask).sum() / batch.ResponseMask.sum();
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(policy.TrainableParameters(), 1.0);
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Step <paramref name="step"/>'s prompts and the teacher's traces for them, drawn in order from <paramref name="random"/>.</summary>
    private (TaskPrompt Prompt, string Response)[] TeacherBatch(int step, Random random)
    {
        var size = options.WarmStart.BatchSize;
        return task.Prompts(TaskSplit.Train, PromptOffset + step * size, size).Select(p => (p, task.TeacherResponse(p, random))).ToArray();
    }

    /// <summary>The teacher's random stream as it stands before <paramref name="step"/>: seeded, then replayed through the earlier steps' traces.</summary>
    private Random TeacherRandom(int step)
    {
        var random = new Random((int)(StepSeeds.WarmStart(options.WarmStart.SeedFor(options.Seed)) & int.MaxValue));
        for (var earlier = 0; earlier < step; earlier++)
        {
            TeacherBatch(earlier, random);
        }

        return random;
    }

    /// <summary>
    /// The policy's weights and the optimizer's state before a step, in <paramref name="directory"/> (a temporary folder
    /// when null), deleted on dispose. A signal during a warm start ends the process at once, so a cache-keyed folder
    /// left behind is overwritten by the next warm start of the same key, which holds the key's lock.
    /// </summary>
    private sealed class Snapshot(string? directory) : IDisposable
    {
        private readonly string _directory = directory is null
            ? Directory.CreateTempSubdirectory("rlvr-warm-start-").FullName
            : Directory.CreateDirectory(directory).FullName;

        /// <summary>Steps done when the snapshot was taken.</summary>
        public int Step { get; private set; }

        public void Take(CausalPolicy policy, OptimizerHelper optimizer, int step)
        {
            policy.save(Path.Combine(_directory, RunCheckpoint.ModelFile));
            optimizer.save_state_dict(Path.Combine(_directory, RunCheckpoint.OptimizerFile));
            Step = step;
        }

        public void Restore(CausalPolicy policy, OptimizerHelper optimizer)
        {
            policy.load(Path.Combine(_directory, RunCheckpoint.ModelFile));
            optimizer.load_state_dict(Path.Combine(_directory, RunCheckpoint.OptimizerFile));
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
