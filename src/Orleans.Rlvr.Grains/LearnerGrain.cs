using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Runtime;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// One run's learner: owns the engine's <see cref="RunSession"/> (model, optimizer, evaluator, checkpoints), keeps
/// the submitted groups of the next step keyed by prompt, and applies the step when the run asks. It exists only on
/// silos that declare the learner role: the others do not register this grain class, so Orleans placement never
/// activates it there. Checkpoints after every step, so rollout workers can load each policy version by reference
/// and a learner lost with its silo resumes elsewhere from the last step.
/// </summary>
public sealed partial class LearnerGrain(TensorWorkQueue tensors, RunCatalog runs, OpenLearners openLearners, ILocalSiloDetails silo, IOptions<RlvrOptions> options, ILogger<LearnerGrain> logger)
    : Grain, ILearnerGrain
{
    private readonly Dictionary<(int Step, int Prompt), ScoredGroup> _pending = [];
    private readonly PhaseObserver _observer = new();
    private Task<RunSession>? _opening;
    private RunSession? _session;
    private string? _runId;
    private bool _faultInjected;

    /// <summary>
    /// Opens the run, or reports progress of the opening: a warm start or resume runs in the background; this call
    /// waits up to <see cref="RlvrOptions.PollInterval"/> for it (a long poll), so the caller learns of a finished
    /// opening at once instead of at its next poll.
    /// </summary>
    public async Task<LearnerProgress> Open(RunSpec run)
    {
        _runId ??= this.GetPrimaryKeyString();
        DelayDeactivation(options.Value.BusyDeactivationDelay);
        if (_session is null || _session.State.Step < _session.Options.Steps)
        {
            openLearners.Add(_runId);
        }

        if (Adopt() is { } failed)
        {
            return failed;
        }

        if (_session is null && _opening is null)
        {
            var context = runs.Get(run);
            var warmStarts = new WarmStartCache(Path.Combine(runs.Root, "warm-start"));
            _opening = tensors.RunLong(() =>
            {
                var session = new RunSession(context.Options, context.Task, tensors.Device, context.Directory, warmStarts)
                {
                    CheckpointEveryStep = true,
                    CheckpointCommitPause = options.Value.CheckpointCommitPause,
                    AfterUpdate = InjectFault,
                };
                try
                {
                    session.Open(_observer);
                    return session;
                }
                catch
                {
                    session.Dispose();
                    throw;
                }
            });
        }

        if (_session is null && _opening is { IsCompleted: false } pending)
        {
            await Task.WhenAny(pending, Task.Delay(options.Value.PollInterval));
            if (Adopt() is { } failedWhileWaiting)
            {
                return failedWhileWaiting;
            }
        }

        return Progress(_session is not null, null);
    }

    /// <summary>Takes over a finished opening: its session, or (once) its error as a progress report.</summary>
    private LearnerProgress? Adopt()
    {
        if (_session is not null || _opening is not { IsCompleted: true } opened)
        {
            return null;
        }

        _opening = null;
        if (opened.IsFaulted)
        {
            var error = opened.Exception!.GetBaseException();
            LogOpenFailed(logger, error, _runId!);
            return Progress(false, $"{error.GetType().Name}: {error.Message}");
        }

        _session = opened.Result;
        while (_observer.Rejected.TryDequeue(out var rejected))
        {
            LogCheckpointRejected(logger, _runId!, rejected);
        }

        LogOpened(logger, _runId!, _session.State.Step, silo.SiloAddress.ToString());
        return null;
    }

    public Task<bool> Submit(int step, int promptIndex, ScoredGroup group)
    {
        var session = RequireOpen();
        if (step <= session.State.Step)
        {
            return Task.FromResult(false);
        }

        if (step != session.State.Step + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"step must be {session.State.Step + 1} (the learner of {_runId} is at step {session.State.Step}).");
        }

        return Task.FromResult(_pending.TryAdd((step, promptIndex), group));
    }

    public async Task<StepOutcome> Update(int step, IReadOnlyList<int> promptIndices, int promptCursor, RolloutBatchStats rollouts)
    {
        var session = RequireOpen();
        if (step <= session.State.Step)
        {
            return Recorded(session, step);
        }

        var missing = promptIndices.Where(i => !_pending.ContainsKey((step, i))).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"The learner of {_runId} holds no group for step {step}, prompt(s) {string.Join(", ", missing)}: gather them again.");
        }

        var groups = promptIndices.Select(i => _pending[(step, i)]).ToArray();
        DelayDeactivation(options.Value.BusyDeactivationDelay);
        try
        {
            await tensors.Run(() => session.Apply(step, groups, promptCursor, rollouts, _observer));
        }
        catch
        {
            // A step that failed part-way may have moved the weights and the optimizer's moments: applying it again
            // on them would train twice on one batch. Drop the session; the retry reopens it from the last checkpoint
            // (one after every step), so the run continues exactly as if the step had never been tried.
            _session = null;
            await tensors.Run(() =>
            {
                session.Dispose();
                return true;
            });
            LogStepDropped(logger, _runId!, step);
            throw;
        }

        foreach (var key in _pending.Keys.Where(k => k.Step <= step).ToArray())
        {
            _pending.Remove(key);
        }

        if (session.State.Step >= session.Options.Steps)
        {
            openLearners.Remove(_runId!);
        }

        return Recorded(session, step);
    }

    public Task<RunReport> GetHistory(RunSnapshot snapshot)
    {
        var session = RequireOpen();
        return Task.FromResult(new RunReport(snapshot, session.State.Metrics, session.State.Evaluations));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        openLearners.Remove(this.GetPrimaryKeyString());
        var session = _session ?? (_opening is { IsCompletedSuccessfully: true } opened ? opened.Result : null);
        if (session is not null)
        {
            await tensors.Run(() =>
            {
                session.Dispose();
                return true;
            });
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private StepOutcome Recorded(RunSession session, int step)
    {
        var metrics = session.State.Metrics.FirstOrDefault(m => m.Step == step)
            ?? throw new InvalidOperationException($"The learner of {_runId} has no record of step {step} (it resumed from a later checkpoint).");
        var evaluation = session.State.Evaluations.FirstOrDefault(e => e.Step == step);
        return new StepOutcome(metrics, evaluation, Version(session));
    }

    private PolicyVersion Version(RunSession session) => new(_runId!, session.Checkpoint!.Step, session.Checkpoint.Directory);

    private LearnerProgress Progress(bool ready, string? error)
    {
        var session = _session;
        return new LearnerProgress(
            ready,
            _observer.Phase,
            session?.State.Step ?? 0,
            session?.State.PromptCursor ?? 0,
            session is null ? null : Version(session),
            session?.State.Evaluations.FirstOrDefault(e => e.Step == 0)?.AverageAtK ?? _observer.InitialAccuracy,
            silo.SiloAddress.ToString(),
            error);
    }

    private void InjectFault(int step)
    {
        if (step == options.Value.FaultAfterUpdateAtStep && !_faultInjected)
        {
            _faultInjected = true;
            throw new InvalidOperationException($"Injected fault (Rlvr:FaultAfterUpdateAtStep) after the update of step {step}.");
        }
    }

    private RunSession RequireOpen() =>
        _session ?? throw new InvalidOperationException($"The learner of {this.GetPrimaryKeyString()} is not open (it may have moved to another silo): open it again.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Learner of {RunId} ready at step {Step} on silo {Silo}")]
    private static partial void LogOpened(ILogger logger, string runId, int step, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Learner of {RunId}: passed over checkpoint {Rejected}; resuming from an older one")]
    private static partial void LogCheckpointRejected(ILogger logger, string runId, string rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Learner of {RunId}: step {Step} failed part-way; its session is dropped and reopens from the last checkpoint")]
    private static partial void LogStepDropped(ILogger logger, string runId, int step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Learner of {RunId} failed to open")]
    private static partial void LogOpenFailed(ILogger logger, Exception exception, string runId);
}
