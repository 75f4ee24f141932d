using System.Diagnostics;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Logs;
using Orleans.Rlvr.Training.Models;
using Orleans.Rlvr.Training.Telemetry;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// The learner's side of one run, shared by the one-process <see cref="Trainer"/> and the learner grain: policy,
/// optimizer, evaluator, run state and checkpoints. <see cref="Open"/> resumes from the newest checkpoint or
/// warm-starts; <see cref="Apply"/> runs one step's update, evaluation and checkpoint.
/// </summary>
public sealed class RunSession : IDisposable
{
    private const string ReferenceFile = "reference.bin";
    private readonly CheckpointStore _store;
    private RunLogs? _logs;
    private readonly WarmStartCache? _warmStarts;
    private readonly Learner _learner;
    private readonly CausalPolicy? _reference;
    private readonly Evaluator _evaluator;

    public RunSession(RunOptions options, IRlvrTask task, Device device, string runDirectory, WarmStartCache? warmStarts = null)
    {
        Options = RunOptionsValidation.Validate(options);
        RequireRoom(Options, task);
        Task = task;
        _warmStarts = warmStarts;
        RunDirectory = Path.GetFullPath(runDirectory);
        _store = new CheckpointStore(Path.Combine(RunDirectory, "checkpoints"));
        Policy = Policies.Create(options, task.Tokenizer, StepSeeds.Initialization(options.WarmStart.SeedFor(options.Seed)), device);
        if (options.Ppo.Loss.KlCoef > 0)
        {
            _reference = Policies.Create(options, task.Tokenizer, null, device);
            _reference.eval();
        }

        _learner = new Learner(Policy, options, task.Tokenizer.PadId, _reference);
        _evaluator = new Evaluator(task, options);
        State = new RunState { Options = Options };
    }

    public RunOptions Options { get; }

    /// <summary>
    /// Refuses options whose longest prompt plus M does not fit the policy's positions (the warm start and sampling
    /// would index past the position table).
    /// </summary>
    public static void RequireRoom(RunOptions options, IRlvrTask task)
    {
        if (options.Policy.IsPretrained)
        {
            var positions = HfDecoderConfig.Read(Path.Combine(options.Policy.Model, HfModelFolder.ConfigFile)).MaxPositions;
            if (options.Policy.ContextLength > positions)
            {
                throw new ArgumentOutOfRangeException("policy.contextLength", options.Policy.ContextLength,
                    $"policy.contextLength ({options.Policy.ContextLength}) exceeds the model's max_position_embeddings ({positions}).");
            }
        }

        var longest = new[] { TaskSplit.Train, TaskSplit.Test }
            .SelectMany(split => task.DistinctPrompts(split))
            .Select(p => PromptEncoding.Encode(p, task.Tokenizer).Tokens.Length)
            .DefaultIfEmpty(0)
            .Max();
        if (longest + options.Rollout.MaxResponseLength > options.Policy.ContextLength)
        {
            throw new ArgumentOutOfRangeException(
                "rollout.maxResponseLength",
                options.Rollout.MaxResponseLength,
                $"rollout.maxResponseLength ({options.Rollout.MaxResponseLength}) plus the task's longest prompt ({longest} tokens) exceeds policy.contextLength ({options.Policy.ContextLength}); raise policy.contextLength to at least {longest + options.Rollout.MaxResponseLength} or lower M.");
        }
    }

    public IRlvrTask Task { get; }

    public string RunDirectory { get; }

    /// <summary>The policy being trained (rollouts in the same process sample from it directly).</summary>
    public CausalPolicy Policy { get; }

    /// <summary>The run state after the last applied step.</summary>
    public RunState State { get; private set; }

    /// <summary>The newest checkpoint written or resumed from; null before <see cref="Open"/>.</summary>
    public CheckpointRef? Checkpoint { get; private set; }

    /// <summary>Checkpoint after every step regardless of <see cref="RunOptions.CheckpointEvery"/> (rollout workers load each policy version by reference).</summary>
    public bool CheckpointEveryStep { get; init; }

    /// <summary>Fault injection (chaos tests): a pause inside every checkpoint write, before it is committed (<see cref="CheckpointStore.CommitPause"/>).</summary>
    public TimeSpan CheckpointCommitPause
    {
        get => _store.CommitPause;
        init => _store.CommitPause = value;
    }

    /// <summary>Fault injection (chaos tests): called with the step after its optimizer steps, before the step is recorded.</summary>
    public Action<int>? AfterUpdate { get; init; }

    /// <summary>Resumes from the newest checkpoint, or warm-starts (or loads the cached warm start), evaluates step 0 and checkpoints it.</summary>
    public void Open(ITrainingObserver? observer = null)
    {
        if (Resumable(observer) is { } found)
        {
            var (checkpoint, resumed) = found;
            RequireSameRun(resumed.Options);
            _reference?.load(Path.Combine(RunDirectory, ReferenceFile));
            observer?.OnResumed(resumed.Step);
            State = resumed with { Options = Options };
            if (State.Aggregation is { } learned && _learner.Aggregation is IAdaptiveAggregation adaptive)
            {
                adaptive.Restore(learned);
            }

            Checkpoint = checkpoint;
            OpenLogs();
            return;
        }

        var (warmStartLoss, cached) = new WarmStart(Task, Options).TrainOrLoad(
            Policy, _warmStarts, (step, loss) => observer?.OnWarmStart(step, Options.WarmStart.Steps, loss), (step, error, resumedFrom) => observer?.OnWarmStartRetried(step, error, resumedFrom));
        if (cached)
        {
            observer?.OnWarmStart(Options.WarmStart.Steps, Options.WarmStart.Steps, warmStartLoss);
        }

        if (_reference is not null)
        {
            SaveReference();
        }

        var initial = _evaluator.Evaluate(Policy, 0);
        observer?.OnEvaluation(initial);
        State = new RunState { Options = Options, Evaluations = [initial], WarmStartLoss = warmStartLoss };
        Checkpoint = Save();
        OpenLogs();
    }

    /// <summary>Writes a checkpoint of the current state, timing it for <see cref="RlvrMeter.CheckpointDuration"/>.</summary>
    private CheckpointRef Save()
    {
        var clock = Stopwatch.StartNew();
        var checkpoint = RunCheckpoint.Save(_store, State, Policy, _learner.Optimizer);
        RlvrMeter.CheckpointDuration.Record(clock.Elapsed.TotalSeconds);
        return checkpoint;
    }

    /// <summary>The run's metrics.jsonl and TensorBoard file, rewritten from the state it opened with (see <see cref="RunLogs"/>).</summary>
    /// <remarks>Logs that cannot be written (a full disk) are left closed and tried again at the next step: they never fail the run.</remarks>
    private void OpenLogs()
    {
        _logs?.Dispose();
        _logs = null;
        try
        {
            _logs = RunLogs.Rewrite(RunDirectory, State);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Logs a completed step. The step is already in the state (and checkpointed when due), so a log that cannot be
    /// written does not fail it: the files are closed and rewritten from the state at the next step or open.
    /// </summary>
    private void Log(StepMetrics metrics)
    {
        if (_logs is null)
        {
            OpenLogs();
            return;
        }

        try
        {
            _logs.Append(metrics);
        }
        catch (IOException)
        {
            _logs.Dispose();
            _logs = null;
        }
    }

    /// <summary>
    /// The newest checkpoint that verifies and loads, loaded into the policy and optimizer; newer ones that do not are
    /// reported to the observer and passed over. Null when there is none.
    /// </summary>
    private (CheckpointRef Checkpoint, RunState State)? Resumable(ITrainingObserver? observer)
    {
        foreach (var checkpoint in _store.Verified((directory, reason) => observer?.OnCheckpointRejected(directory, reason)))
        {
            try
            {
                return (checkpoint, RunCheckpoint.Load(checkpoint, Policy, _learner.Optimizer));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException or ArgumentException or System.Runtime.InteropServices.ExternalException)
            {
                observer?.OnCheckpointRejected(checkpoint.Directory, $"it does not load: {e.Message}");
            }
        }

        return null;
    }

    /// <summary>
    /// Step <paramref name="step"/> (= <see cref="RunState.Step"/> + 1): the PPO update on the step's groups, the
    /// step's metrics, an evaluation when one is due, and a checkpoint when one is due or <paramref name="stopping"/>.
    /// </summary>
    public StepMetrics Apply(int step, IReadOnlyList<ScoredGroup> groups, int promptCursor, RolloutBatchStats rollouts, ITrainingObserver? observer = null, bool stopping = false)
    {
        if (Checkpoint is null)
        {
            throw new InvalidOperationException("Open the run before applying steps.");
        }

        if (step != State.Step + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"step must be {State.Step + 1}, the step after the last applied one.");
        }

        var clock = Stopwatch.StartNew();
        var values = groups.Count > 0 ? _learner.Update(groups, step) : new Dictionary<string, double>();
        AfterUpdate?.Invoke(step);
        StepMetricValues.AddRollouts(values, groups, rollouts, clock.Elapsed.TotalSeconds);

        var evaluations = State.Evaluations;
        var evaluate = step == Options.Steps || (Options.Evaluation.Every > 0 && step % Options.Evaluation.Every == 0);
        if (evaluate)
        {
            var evaluation = _evaluator.Evaluate(Policy, step);
            evaluations = [.. evaluations, evaluation];
            StepMetricValues.AddEvaluation(values, Options.Task.Name, evaluation);
            observer?.OnEvaluation(evaluation);
        }

        var metrics = new StepMetrics(step, values);
        State = State with
        {
            Step = step,
            PromptCursor = promptCursor,
            Metrics = [.. State.Metrics, metrics],
            Evaluations = evaluations,
            Aggregation = (_learner.Aggregation as IAdaptiveAggregation)?.State,
        };
        if (CheckpointEveryStep || evaluate || step % Options.Checkpointing.Every == 0 || stopping)
        {
            Checkpoint = Save();
        }

        RlvrMeter.StepDuration.Record(values[MetricNames.StepSeconds]);
        RlvrMeter.TokensLearned.Add((long)values[MetricNames.TotalTokens]);
        Log(metrics);
        observer?.OnStep(metrics, Options.Steps);
        return metrics;
    }

    /// <summary>Checkpoints the current state unless the newest checkpoint already holds it; returns the newest checkpoint.</summary>
    public CheckpointRef Finish()
    {
        if (Checkpoint is null || Checkpoint.Step != State.Step)
        {
            Checkpoint = Save();
        }

        return Checkpoint;
    }

    public void Dispose()
    {
        _logs?.Dispose();   // never throws: closing the logs swallows a failing flush
        _learner.Dispose();
        _reference?.Dispose();
        Policy.Dispose();
    }

    private void SaveReference()
    {
        Directory.CreateDirectory(RunDirectory);
        var temporary = Path.Combine(RunDirectory, ReferenceFile + ".tmp");
        Policy.save(temporary);
        _reference!.load(temporary);
        File.Move(temporary, Path.Combine(RunDirectory, ReferenceFile), overwrite: true);
    }

    private void RequireSameRun(RunOptions stored)
    {
        if (stored with { Steps = Options.Steps } != Options)
        {
            var difference = OptionsDifference.Find(stored with { Steps = Options.Steps }, Options);
            var detail = difference is { } d ? $" ({d.Path}: {d.Mine} in the checkpoint, {d.Theirs} now)" : " (they serialize alike but compare unequal)";
            throw new InvalidOperationException(
                $"The run in '{RunDirectory}' was started with different options{detail}; resume it with its own options (only steps may change).");
        }
    }
}
