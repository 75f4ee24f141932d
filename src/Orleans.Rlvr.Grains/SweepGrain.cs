using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Sweeps;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// One sweep: expands its spec into runs (<see cref="SweepPlan"/>), starts at most
/// <see cref="SweepSpec.MaxConcurrentRuns"/> at a time across the cluster, starts the next when one finishes, and
/// reconciles with its runs on a reminder, so it carries on after a silo loss or a restart of the cluster.
/// </summary>
public sealed partial class SweepGrain(
    [PersistentState("sweep", RlvrStorage.Name)] IPersistentState<SweepGrainState> state,
    DeepCopier<SweepGrainState> copier,
    IOptions<RlvrOptions> options,
    TimeProvider time,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain, IRemindable
{
    private const string Reminder = "reconcile";

    private SweepGrainState State => state.State;

    public async Task<SweepStatus> Start(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        InspectOnly.Refuse(options.Value, $"start sweep {this.GetPrimaryKeyString()}");
        var runs = SweepPlan.Expand(this.GetPrimaryKeyString(), spec);
        if (State.Spec is not null)
        {
            if (!runs.SequenceEqual(State.Runs))
            {
                throw new InvalidOperationException($"Sweep {this.GetPrimaryKeyString()} was already started with a different spec.");
            }

            return await GetStatus();
        }

        State.Spec = spec;
        State.Runs = [.. runs];
        State.Statuses = runs.ToDictionary(r => r.RunId, _ => RunStatus.Pending);
        State.State = SweepState.Running;
        State.StartedAt = time.GetUtcNow();
        await Save();
        LogStarted(logger, this.GetPrimaryKeyString(), runs.Count, spec.MaxConcurrentRuns);
        await this.RegisterOrUpdateReminder(Reminder, options.Value.ReminderPeriod, options.Value.ReminderPeriod);
        await Launch();
        return await GetStatus();
    }

    public async Task<SweepStatus> GetStatus()
    {
        var snapshots = await Task.WhenAll(State.Runs.Select(Snapshot));
        return new SweepStatus(this.GetPrimaryKeyString(), State.State, State.Spec, snapshots, State.StartedAt);
    }

    public async Task<IReadOnlyList<RunReport>> GetReports()
    {
        var reports = await Task.WhenAll(State.Runs.Select(async run =>
            !State.Started.Contains(run.RunId)
                ? new RunReport(PendingSnapshot(run, State.Statuses[run.RunId]), [], [])
                : await Run(run).GetReport()));
        return reports;
    }

    public async Task<SweepStatus> Cancel()
    {
        if (State.State == SweepState.Running)
        {
            State.State = SweepState.Cancelled;
            foreach (var run in State.Runs)
            {
                if (State.Statuses[run.RunId] == RunStatus.Pending)
                {
                    State.Statuses[run.RunId] = RunStatus.Cancelled;
                }
                else if (State.Statuses[run.RunId] == RunStatus.Running)
                {
                    await Run(run).Cancel();
                }
            }

            await Save();
        }

        return await GetStatus();
    }

    public async Task OnRunFinished(string runId, RunStatus status)
    {
        if (!State.Statuses.TryGetValue(runId, out var known) || known == status)
        {
            return;
        }

        State.Statuses[runId] = status;
        await Launch();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!options.Value.DriveRuns)
        {
            return;
        }

        if (State.Spec is null || State.State != SweepState.Running && State.Statuses.Values.All(IsFinished))
        {
            if (await this.GetReminder(reminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        // Reconcile: a run whose notification was lost, or whose silo died, is asked directly (which also reactivates it).
        foreach (var run in State.Runs.Where(r => State.Statuses[r.RunId] == RunStatus.Running))
        {
            var snapshot = await Run(run).GetSnapshot();
            State.Statuses[run.RunId] = snapshot.Status;
        }

        await Launch();
    }

    /// <summary>Starts pending runs while fewer than the limit are running (never on an inspect-only silo); records when the sweep is finished.</summary>
    private async Task Launch()
    {
        if (State.State == SweepState.Running)
        {
            var running = State.Statuses.Values.Count(s => s == RunStatus.Running);
            var startable = options.Value.DriveRuns ? State.Runs.Where(r => State.Statuses[r.RunId] == RunStatus.Pending).ToArray() : [];
            foreach (var run in startable)
            {
                if (running >= State.Spec!.MaxConcurrentRuns)
                {
                    break;
                }

                var snapshot = await Run(run).Start(run);
                State.Started.Add(run.RunId);
                State.Statuses[run.RunId] = snapshot.Status;
                running += snapshot.Status == RunStatus.Running ? 1 : 0;
            }

            if (State.Statuses.Values.All(IsFinished))
            {
                State.State = SweepState.Finished;
                LogFinished(logger, this.GetPrimaryKeyString());
            }
        }

        await Save();
    }

    /// <summary>
    /// Persists the sweep; a version conflict with a write of its own (committed, its reply lost) is reconciled by
    /// writing over it, one with a record that started runs this activation does not know of is not.
    /// </summary>
    private Task Save() => state.WriteOwnStateAsync(copier, SweepGrainState.IsEarlierStateOf);

    private Task<RunSnapshot> Snapshot(RunSpec run) =>
        State.Started.Contains(run.RunId)
            ? Run(run).GetSnapshot()
            : Task.FromResult(PendingSnapshot(run, State.Statuses[run.RunId]));

    private IExperimentGrain Run(RunSpec run) => GrainFactory.GetGrain<IExperimentGrain>(run.RunId);

    private static RunSnapshot PendingSnapshot(RunSpec run, RunStatus status) =>
        new(run.RunId, run.Options.Aggregation.Aggregator, run.ReportedAlpha, run.Options.Seed, status, status.ToString().ToLowerInvariant(), 0, run.Options.Steps,
            double.NaN, double.NaN, double.NaN, 0, null, null, run.Options.Aggregation.Advantages, run.Label);

    private static bool IsFinished(RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} started: {Runs} runs, at most {Concurrent} at a time")]
    private static partial void LogStarted(ILogger logger, string sweepId, int runs, int concurrent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} finished")]
    private static partial void LogFinished(ILogger logger, string sweepId);
}
