using System.Diagnostics;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// One run in one process: a <see cref="RunSession"/> (warm start or resume, learner updates, evaluation, checkpoints)
/// fed by batched rollouts of the same policy. A run directory that already holds a checkpoint is resumed from it.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingOptions _options;
    private readonly IRlvrTask _task;
    private readonly Device _device;
    private readonly WarmStartCache? _warmStarts;

    public Trainer(TrainingOptions options, IRlvrTask task, Device device, string runDirectory, WarmStartCache? warmStarts = null)
    {
        _warmStarts = warmStarts;
        _options = options.Validate();
        _task = task;
        _device = device;
        RunDirectory = Path.GetFullPath(runDirectory);
    }

    public string RunDirectory { get; }

    /// <summary>Runs (or resumes) until <see cref="TrainingOptions.Steps"/>; cancellation stops after the current step's checkpoint.</summary>
    public TrainingResult Run(ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        using var session = new RunSession(_options, _task, _device, RunDirectory, _warmStarts);
        session.Open(observer);
        var scorer = new GroupScorer(_task, _options);
        var rollouts = new RolloutGenerator(session.Policy, _task.Tokenizer);

        while (session.State.Step < _options.Steps && !cancellationToken.IsCancellationRequested)
        {
            var step = session.State.Step + 1;
            var clock = Stopwatch.StartNew();
            var (groups, cursor, rounds, sampled) = Rollout(rollouts, scorer, session.Policy, step, session.State.PromptCursor);
            var stats = new RolloutBatchStats(sampled, rounds, clock.Elapsed.TotalSeconds);
            session.Apply(step, groups, cursor, stats, observer, cancellationToken.IsCancellationRequested);
        }

        return TrainingResult.From(session.State, session.Finish().Directory);
    }

    /// <summary>Samples B prompts × G responses and scores them; with dynamic sampling, refills degenerate groups.</summary>
    private (List<ScoredGroup> Groups, int Cursor, int Rounds, int Sampled) Rollout(
        RolloutGenerator rollouts, GroupScorer scorer, TransformerPolicy policy, int step, int cursor)
    {
        policy.eval();
        var settings = SamplingSettings.ForRollouts(_options);
        var kept = new List<ScoredGroup>();
        var rounds = 0;
        var sampled = 0;
        do
        {
            var prompts = _task.Prompts(TaskSplit.Train, cursor, _options.PromptsPerStep);
            cursor += prompts.Count;
            var encoded = prompts.Select(p => PromptEncoding.Encode(p, _task.Tokenizer)).ToArray();
            var responses = rollouts.Generate(encoded, _options.GroupSize, settings, new Generator((ulong)StepSeeds.Rollout(_options.Seed, step, rounds)));
            var groups = prompts.Select((p, i) => scorer.Score(p, encoded[i], responses[i]));
            kept.AddRange(_options.DynamicSampling ? groups.Where(g => !g.IsDegenerate) : groups);
            sampled += prompts.Count;
            rounds++;
        }
        while (_options.DynamicSampling && kept.Count < _options.PromptsPerStep && rounds <= _options.MaxRefillRounds);

        return (kept.Take(_options.PromptsPerStep).ToList(), cursor, rounds, sampled);
    }
}
