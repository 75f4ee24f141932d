using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.Serialization;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// One run: persists its spec and progress, and drives its steps (B prompt groups gathered in parallel, then one
/// learner update). The loop runs as a background task of the activation; a reminder restarts it after a
/// deactivation or the loss of a silo, and the learner resumes from its last checkpoint. Failed steps are retried
/// with back-off; <see cref="RlvrOptions.MaxAttempts"/> failures in a row fail the run.
/// </summary>
public sealed partial class ExperimentGrain(
    [PersistentState("run", RlvrStorage.Name)] IPersistentState<ExperimentState> state,
    DeepCopier<ExperimentState> copier,
    RunCatalog runs,
    IOptions<RlvrOptions> options,
    TimeProvider time,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain, IRemindable
{
    private const string Reminder = "drive";
    private Task? _loop;
    private string _phase = "pending";
    private SiloAddress[] _rolloutSilos = [];

    private ExperimentState State => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.DriveRuns)
        {
            _phase = string.Create(CultureInfo.InvariantCulture, $"at step {State.Step}, not driven by this inspect-only silo");
        }

        EnsureDriving();
        return Task.CompletedTask;
    }

    public async Task<RunSnapshot> Start(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.RunId != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"runId: '{spec.RunId}' sent to the run grain '{this.GetPrimaryKeyString()}'.", nameof(spec));
        }

        InspectOnly.Refuse(options.Value, $"start run {spec.RunId}");
        if (State.Spec is not null)
        {
            if (State.Spec != spec)
            {
                throw new InvalidOperationException($"Run {spec.RunId} was already started with a different spec.");
            }

            EnsureDriving();
            return Snapshot();
        }

        runs.Write(spec.RunDirectory, spec.Options);
        State.Spec = spec;
        State.Steps = spec.Options.Steps;
        State.Status = RunStatus.Running;
        await Save();
        await this.RegisterOrUpdateReminder(Reminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        EnsureDriving();
        return Snapshot();
    }

    public Task<RunSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public async Task<RunReport> GetReport()
    {
        var snapshot = Snapshot();
        if (State.Spec is null)
        {
            return new RunReport(snapshot, [], []);
        }

        // Verifying a checkpoint hashes every file of it: on the thread pool, not on the grain scheduler.
        var directory = Path.Combine(runs.Resolve(State.Spec.RunDirectory), "checkpoints");
        var saved = await Task.Run(() => new CheckpointStore(directory).Latest() is { } checkpoint ? RunCheckpoint.ReadState(checkpoint) : null);
        return new RunReport(snapshot, saved?.Metrics ?? [], saved?.Evaluations ?? []);
    }

    public async Task<RunSnapshot> Cancel()
    {
        if (State.Status is RunStatus.Pending or RunStatus.Running)
        {
            State.CancelRequested = true;
            if (_loop is null or { IsCompleted: true })
            {
                await Finish(RunStatus.Cancelled, null);
            }
            else
            {
                await Save();
            }
        }

        return Snapshot();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Spec is null || State.Status is not (RunStatus.Running or RunStatus.Pending))
        {
            if (await this.GetReminder(reminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        EnsureDriving();
    }

    private void EnsureDriving()
    {
        if (!options.Value.DriveRuns || State.Spec is null || State.Status != RunStatus.Running || _loop is { IsCompleted: false })
        {
            return;
        }

        _loop = Drive();
    }

    private async Task Drive()
    {
        var training = State.Spec!.Options;
        while (State.Status == RunStatus.Running)
        {
            try
            {
                await RunSteps(training);
            }
            catch (Exception e)
            {
                State.FailedAttempts++;
                State.Failures++;
                LogStepFailed(logger, e, State.Spec!.RunId, State.Step + 1, State.FailedAttempts);
                if (Refusal(e) is { } refusal)
                {
                    // Bad options or settings (a device this silo lacks, a task that does not exist): retrying cannot help.
                    await Finish(RunStatus.Failed, Guard.UserMessage(refusal));
                    return;
                }

                if (State.FailedAttempts >= options.Value.MaxAttempts)
                {
                    await Finish(RunStatus.Failed, $"{e.GetType().Name}: {e.GetBaseException().Message}");
                    return;
                }

                _phase = $"retrying after {e.GetType().Name} (attempt {State.FailedAttempts + 1})";
                await Task.Delay(options.Value.RetryDelayAfter(State.FailedAttempts), time);
            }
        }
    }

    /// <summary>The <see cref="ArgumentException"/> (a refused option or setting) in an exception's chain, if any.</summary>
    private static ArgumentException? Refusal(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ArgumentException argument)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// The first call of an opening: activates the learner (if it is not active) on the silo the cluster's
    /// <see cref="ILearnerPlacementGrain"/> chooses, through Orleans' placement hint, which holds for this call only,
    /// and keeps the silos that will sample this run's prompt groups.
    /// </summary>
    private async Task<LearnerProgress> OpenOnChosenSilo(ILearnerGrain learner, RunSpec spec)
    {
        var placement = GrainFactory.GetGrain<ILearnerPlacementGrain>(0);
        var chosen = await placement.Choose(spec.RunId);
        _rolloutSilos = [.. chosen.Rollouts.Select(SiloAddress.FromParsableString)];
        if (chosen.Learner is null)
        {
            return await learner.Open(spec);
        }

        RequestContext.Set(IPlacementDirector.PlacementHintKey, SiloAddress.FromParsableString(chosen.Learner));
        try
        {
            return await learner.Open(spec);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            await placement.Release(spec.RunId);
        }
    }

    private async Task RunSteps(RunOptions training)
    {
        var spec = State.Spec!;
        var learner = LearnerReference.Of(GrainFactory, spec.RunId);
        var progress = await OpenOnChosenSilo(learner, spec);
        while (!progress.Ready)
        {
            if (progress.Error is not null)
            {
                throw new InvalidOperationException($"The learner of {spec.RunId} could not open the run: {progress.Error}");
            }

            _phase = progress.Phase;
            DelayDeactivation(options.Value.BusyDeactivationDelay);
            progress = await learner.Open(spec); // a long poll: returns when ready or after Rlvr:PollInterval
        }

        if (progress.Step < State.Step)
        {
            State.StepsRedone += State.Step - progress.Step;
            LogResumedEarlier(logger, spec.RunId, progress.Step, State.Step);
        }

        State.Step = progress.Step;
        State.LearnerSilo = progress.Silo;
        State.InitialAccuracy = progress.InitialAccuracy;
        State.Accuracy = double.IsNaN(State.Accuracy) ? progress.InitialAccuracy : State.Accuracy;
        await Save();

        var policy = progress.Policy!;
        var cursor = progress.PromptCursor;
        while (State.Step < training.Steps)
        {
            if (State.CancelRequested)
            {
                await Finish(RunStatus.Cancelled, null);
                return;
            }

            var step = State.Step + 1;
            _phase = string.Create(CultureInfo.InvariantCulture, $"step {step}/{training.Steps}: rollouts");
            DelayDeactivation(options.Value.BusyDeactivationDelay);
            var clock = Stopwatch.StartNew();
            var round = await new RolloutRound(training.Rollout).Gather(cursor, prompts => GatherGroups(spec, policy, step, prompts), g => g.IsDegenerate);
            var generation = clock.Elapsed.TotalSeconds;

            _phase = string.Create(CultureInfo.InvariantCulture, $"step {step}/{training.Steps}: update");
            var kept = round.Kept.Select(g => g.PromptIndex).ToArray();
            var outcome = await learner.Update(step, kept, round.Cursor, new RolloutBatchStats(round.PromptsSampled, round.Rounds, generation));
            policy = outcome.Policy;
            cursor = round.Cursor;
            State.Step = step;
            State.Reward = outcome.Metrics[MetricNames.ScoreMean];
            State.Accuracy = outcome.Evaluation?.AverageAtK ?? State.Accuracy;
            State.FailedAttempts = 0;
            _phase = string.Create(CultureInfo.InvariantCulture, $"step {step}/{training.Steps} done");
            await Save();
        }

        await Finish(RunStatus.Completed, null);
    }

    /// <summary>
    /// One round's prompt groups, gathered in parallel by their grains (each samples with its own seed and hands its
    /// group to the learner). Each prompt group grain is new, so it activates where the placement hint says: on this run's rollout silos.
    /// </summary>
    private async Task<IReadOnlyList<GroupSummary>> GatherGroups(RunSpec spec, PolicyVersion policy, int step, IReadOnlyList<int> prompts)
    {
        // Each silo samples its share of the round in one call, in prompt order (RoundSlot).
        var siloOf = prompts.Select(p => _rolloutSilos.Length > 0 ? p % _rolloutSilos.Length : 0).ToArray();
        var calls = new List<Task<GroupSummary>>(prompts.Count);
        try
        {
            for (var k = 0; k < prompts.Count; k++)
            {
                var p = prompts[k];
                if (_rolloutSilos.Length > 0)
                {
                    RequestContext.Set(IPlacementDirector.PlacementHintKey, _rolloutSilos[siloOf[k]]);
                }

                var slot = new RoundSlot(siloOf.Count(s => s == siloOf[k]), siloOf.Take(k).Count(s => s == siloOf[k]));
                calls.Add(GrainFactory.GetGrain<IPromptGroupGrain>(PromptGroupGrain.Key(spec.RunId, step, p)).Gather(new GroupRequest(spec, policy, step, p, slot)));
            }
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        return await Task.WhenAll(calls);
    }

    private async Task Finish(RunStatus status, string? error)
    {
        State.Status = status;
        State.Error = error;
        _phase = status.ToString().ToLowerInvariant();
        await Save();
        LogFinished(logger, State.Spec!.RunId, status, State.Step);
        Orleans.Rlvr.Training.Telemetry.RlvrMeter.RunsEnded.Add(1, new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant()));

        // Not awaited: the sweep may be the caller of this turn (cancel); its reminder reconciles a lost notification.
        _ = NotifySweep(State.Spec.SweepId, State.Spec.RunId, status);
    }

    private async Task NotifySweep(string sweepId, string runId, RunStatus status)
    {
        try
        {
            await GrainFactory.GetGrain<ISweepGrain>(sweepId).OnRunFinished(runId, status);
        }
        catch (Exception e)
        {
            LogNotifyFailed(logger, e, runId);
        }
    }

    /// <summary>
    /// Persists the run; a version conflict with a write of this run's own (committed, its reply lost) is reconciled by
    /// writing over it, one with a record further along (another activation's) is not.
    /// </summary>
    private Task Save() => state.WriteOwnStateAsync(copier, ExperimentState.IsEarlierStateOf);

    private RunSnapshot Snapshot()
    {
        var spec = State.Spec;
        return new RunSnapshot(
            spec?.RunId ?? this.GetPrimaryKeyString(),
            spec?.Options.Aggregation.Aggregator ?? "",
            spec?.ReportedAlpha,
            spec?.Options.Seed ?? 0,
            State.Status,
            State.Status == RunStatus.Running ? _phase : State.Status.ToString().ToLowerInvariant(),
            State.Step,
            State.Steps,
            State.Reward,
            State.Accuracy,
            State.InitialAccuracy,
            State.StepsRedone,
            State.LearnerSilo,
            State.Error,
            spec?.Options.Aggregation.Advantages ?? "",
            spec?.Label ?? "",
            State.Failures);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: step {Step} failed (attempt {Attempt})")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string runId, int step, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the learner resumed at step {LearnerStep}, the run had reached step {RunStep}; redoing the steps between")]
    private static partial void LogResumedEarlier(ILogger logger, string runId, int learnerStep, int runStep);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} {Status} at step {Step}")]
    private static partial void LogFinished(ILogger logger, string runId, RunStatus status, int step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: could not tell its sweep it finished")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, string runId);
}
