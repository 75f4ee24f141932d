using System.Diagnostics;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// One run in one process: warm start, then per step rollout → scoring → learner update, evaluation every k
/// steps, atomic checkpoints; a run directory that already holds a checkpoint is resumed from it.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingOptions _options;
    private readonly IRlvrTask _task;
    private readonly Device _device;
    private readonly CheckpointStore _store;
    private readonly WarmStartCache? _warmStarts;

    public Trainer(TrainingOptions options, IRlvrTask task, Device device, string runDirectory, WarmStartCache? warmStarts = null)
    {
        _warmStarts = warmStarts;
        _options = options.Validate();
        _task = task;
        _device = device;
        RunDirectory = Path.GetFullPath(runDirectory);
        _store = new CheckpointStore(Path.Combine(RunDirectory, "checkpoints"));
    }

    public string RunDirectory { get; }

    /// <summary>Runs (or resumes) until <see cref="TrainingOptions.Steps"/>; cancellation stops after the current step's checkpoint.</summary>
    public TrainingResult Run(ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var policy = NewPolicy();
        using var learner = new Learner(policy, _options, _task.Tokenizer.PadId);
        var evaluator = new Evaluator(_task, _options);
        var (state, checkpoint) = Start(policy, learner, evaluator, observer);
        var scorer = new GroupScorer(_task, _options);
        var rollouts = new RolloutGenerator(policy, _task.Tokenizer);

        while (state.Step < _options.Steps && !cancellationToken.IsCancellationRequested)
        {
            var step = state.Step + 1;
            var clock = Stopwatch.StartNew();
            var (groups, cursor, rounds, sampled) = Rollout(rollouts, scorer, policy, step, state.PromptCursor);
            var generation = clock.Elapsed.TotalSeconds;

            var values = groups.Count > 0 ? learner.Update(groups, step) : new Dictionary<string, double>();
            var update = clock.Elapsed.TotalSeconds - generation;
            AddRolloutMetrics(values, groups, sampled, rounds, generation, update);

            var evaluations = state.Evaluations;
            var evaluate = step == _options.Steps || (_options.EvalEvery > 0 && step % _options.EvalEvery == 0);
            if (evaluate)
            {
                var evaluation = evaluator.Evaluate(policy, step);
                evaluations = [.. evaluations, evaluation];
                values["val/avg_at_k"] = evaluation.AverageAtK;
                values["val/greedy_acc"] = evaluation.GreedyAccuracy;
                observer?.OnEvaluation(evaluation);
            }

            var metrics = new StepMetrics(step, values);
            state = state with { Step = step, PromptCursor = cursor, Metrics = [.. state.Metrics, metrics], Evaluations = evaluations };
            if (evaluate || step % _options.CheckpointEvery == 0 || cancellationToken.IsCancellationRequested)
            {
                checkpoint = RunCheckpoint.Save(_store, state, policy, learner.Optimizer);
            }

            observer?.OnStep(metrics, _options.Steps);
        }

        if (checkpoint.Step != state.Step)
        {
            checkpoint = RunCheckpoint.Save(_store, state, policy, learner.Optimizer);
        }

        return TrainingResult.From(state, checkpoint.Directory);
    }

    private TransformerPolicy NewPolicy()
    {
        manual_seed(StepSeeds.Initialization(_options.Seed));
        var policy = new TransformerPolicy(_options.Policy, _task.Tokenizer.VocabSize);
        policy.to(_device);
        return policy;
    }

    /// <summary>Resumes from the newest checkpoint, or warm-starts, evaluates step 0 and checkpoints it.</summary>
    private (RunState State, CheckpointRef Checkpoint) Start(TransformerPolicy policy, Learner learner, Evaluator evaluator, ITrainingObserver? observer)
    {
        if (_store.Latest() is { } checkpoint)
        {
            var resumed = RunCheckpoint.Load(checkpoint, policy, learner.Optimizer);
            RequireSameRun(resumed.Options);
            observer?.OnResumed(resumed.Step);
            return (resumed with { Options = _options }, checkpoint);
        }

        var warmStartLoss = _warmStarts?.TryLoad(_options, policy);
        if (warmStartLoss is null)
        {
            new WarmStart(_task, _options).Train(policy, (step, loss) =>
            {
                warmStartLoss = loss;
                observer?.OnWarmStart(step, _options.WarmStart.Steps, loss);
            });
            _warmStarts?.Save(_options, policy, warmStartLoss ?? double.NaN);
        }
        else
        {
            observer?.OnWarmStart(_options.WarmStart.Steps, _options.WarmStart.Steps, warmStartLoss.Value);
        }

        var initial = evaluator.Evaluate(policy, 0);
        observer?.OnEvaluation(initial);
        var state = new RunState { Options = _options, Evaluations = [initial], WarmStartLoss = warmStartLoss ?? double.NaN };
        return (state, RunCheckpoint.Save(_store, state, policy, learner.Optimizer));
    }

    private void RequireSameRun(TrainingOptions stored)
    {
        if (stored with { Steps = _options.Steps } != _options)
        {
            throw new InvalidOperationException(
                $"The run in '{RunDirectory}' was started with different options; resume it with its own options (only steps may change).");
        }
    }

    /// <summary>Samples B prompts × G responses and scores them; with dynamic sampling, refills degenerate groups.</summary>
    private (List<ScoredGroup> Groups, int Cursor, int Rounds, int Sampled) Rollout(
        RolloutGenerator rollouts, GroupScorer scorer, TransformerPolicy policy, int step, int cursor)
    {
        policy.eval();
        var settings = new SamplingSettings(_options.MaxResponseLength, _options.Temperature, _options.TopP);
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

    private void AddRolloutMetrics(Dictionary<string, double> values, List<ScoredGroup> groups, int sampled, int rounds, double generation, double update)
    {
        var responses = groups.SelectMany(g => g.Responses).ToArray();
        var rewards = groups.SelectMany(g => g.Rewards).ToArray();
        var advantages = groups.SelectMany(g => g.Advantages).ToArray();
        if (responses.Length > 0)
        {
            values["critic/score/mean"] = rewards.Average();
            values["critic/score/max"] = rewards.Max();
            values["critic/score/min"] = rewards.Min();
            values["critic/advantages/mean"] = advantages.Average();
            values["critic/advantages/max"] = advantages.Max();
            values["critic/advantages/min"] = advantages.Min();
            values["response_length/mean"] = responses.Average(r => r.Length);
            values["response_length/max"] = responses.Max(r => r.Length);
            values["response_length/min"] = responses.Min(r => r.Length);
            values["response_length/clip_ratio"] = responses.Count(r => r.Truncated) / (double)responses.Length;
            values["batch/degenerate_group_ratio"] = groups.Count(g => g.IsDegenerate) / (double)groups.Count;
        }

        var tokens = groups.Sum(g => g.Responses.Sum(r => r.Length + g.Prompt.Tokens.Length));
        values["batch/groups"] = groups.Count;
        values["batch/prompts_sampled"] = sampled;
        values["batch/sampling_rounds"] = rounds;
        values["perf/total_num_tokens"] = tokens;
        values["perf/throughput"] = tokens / Math.Max(1e-9, generation + update);
        values["timing_s/gen"] = generation;
        values["timing_s/update"] = update;
        values["timing_s/step"] = generation + update;
    }
}
