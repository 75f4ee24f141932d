using System.Diagnostics;
using System.Runtime.InteropServices;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// One run in one process: a <see cref="RunSession"/> (warm start or resume, learner updates, evaluation, checkpoints)
/// fed by the same <see cref="RolloutRound"/> the cluster uses, its groups sampled together in one batch of the
/// current policy. A run directory that already holds a checkpoint is resumed from it.
/// </summary>
public sealed class Trainer
{
    private readonly RunOptions _options;
    private readonly IRlvrTask _task;
    private readonly Device _device;
    private readonly WarmStartCache? _warmStarts;

    public Trainer(RunOptions options, IRlvrTask task, Device device, string runDirectory, WarmStartCache? warmStarts = null)
    {
        _warmStarts = warmStarts;
        _options = RunOptionsValidation.Validate(options);
        _task = task;
        _device = device;
        RunDirectory = Path.GetFullPath(runDirectory);
    }

    public string RunDirectory { get; }

    /// <summary>Tries of one step that may fail with a LibTorch error before the run stops with it.</summary>
    public const int MaxStepAttempts = 3;

    /// <summary>Fault injection (tests): called with the step after its optimizer steps, before the step is recorded.</summary>
    public Action<int>? AfterUpdate { get; init; }

    /// <summary>
    /// Runs (or resumes) until <see cref="RunOptions.Steps"/>; cancellation stops after the current step's checkpoint.
    /// A step that fails with a LibTorch error (TorchSharp's temporary scalars can be freed during a native call,
    /// docs/reliability.md) is tried again from the last checkpoint, as a resume would, up to
    /// <see cref="MaxStepAttempts"/> times; the run is the same as one that never failed.
    /// </summary>
    public TrainingResult Run(ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var (failedStep, attempts) = (0, 0);
        while (true)
        {
            using var session = new RunSession(_options, _task, _device, RunDirectory, _warmStarts) { AfterUpdate = AfterUpdate };
            try
            {
                session.Open(observer);
                return RunSteps(session, observer, cancellationToken);
            }
            catch (ExternalException error)
            {
                var step = session.State.Step + 1;
                (failedStep, attempts) = (step, step == failedStep ? attempts + 1 : 1);
                if (attempts >= MaxStepAttempts)
                {
                    throw;
                }

                observer?.OnStepRetried(step, error, attempts);
            }
        }
    }

    private TrainingResult RunSteps(RunSession session, ITrainingObserver? observer, CancellationToken cancellationToken)
    {
        var scorer = new GroupScorer(_task, _options);
        var rollouts = new RolloutGenerator(session.Policy, _task.Tokenizer);
        var round = new RolloutRound(_options.Rollout);

        while (session.State.Step < _options.Steps && !cancellationToken.IsCancellationRequested)
        {
            var step = session.State.Step + 1;
            var clock = Stopwatch.StartNew();
            session.Policy.eval();

            // The sampler runs synchronously here: the round's task has completed when Gather returns.
            var result = round.Gather(session.State.PromptCursor, prompts => Task.FromResult(Sample(rollouts, scorer, step, prompts)), g => g.IsDegenerate)
                .GetAwaiter().GetResult();
            var stats = new RolloutBatchStats(result.PromptsSampled, result.Rounds, clock.Elapsed.TotalSeconds);
            session.Apply(step, result.Kept, result.Cursor, stats, observer, cancellationToken.IsCancellationRequested);
        }

        return TrainingResult.From(session.State, session.Finish().Directory);
    }

    /// <summary>The scored groups of the given train prompts, all sampled in one batch, each with its group's generator.</summary>
    private IReadOnlyList<ScoredGroup> Sample(RolloutGenerator rollouts, GroupScorer scorer, int step, IReadOnlyList<int> promptIndices)
    {
        var prompts = promptIndices.Select(i => _task.Prompts(TaskSplit.Train, i, 1)[0]).ToArray();
        var encoded = prompts.Select(p => PromptEncoding.Encode(p, _task.Tokenizer)).ToArray();
        var generators = promptIndices.Select(i => new Generator((ulong)StepSeeds.Group(_options.Seed, step, i))).ToArray();
        try
        {
            var responses = rollouts.Generate(encoded, _options.Rollout.GroupSize, SamplingSettings.ForRollouts(_options), generators);
            return prompts.Select((p, i) => scorer.Score(p, encoded[i], responses[i])).ToArray();
        }
        finally
        {
            foreach (var generator in generators)
            {
                generator.Dispose();
            }
        }
    }
}
