using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Grains;

/// <summary>One sweep (key: the sweep id): expands its spec into runs, starts them under a concurrency limit, tracks them.</summary>
[Alias("rlvr.ISweepGrain")]
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Starts the sweep; a second call with the same spec is a no-op, with a different spec an error. An invalid spec is refused naming the field.</summary>
    [Alias("Start")]
    Task<SweepStatus> Start(SweepSpec spec);

    /// <summary>The sweep's state and a snapshot of every run.</summary>
    [Alias("GetStatus")]
    Task<SweepStatus> GetStatus();

    /// <summary>Every run's full record (metrics and evaluations), for results tables and plots.</summary>
    [Alias("GetReports")]
    Task<IReadOnlyList<RunReport>> GetReports();

    /// <summary>Cancels pending runs and asks running ones to stop after their current step.</summary>
    [Alias("Cancel")]
    Task<SweepStatus> Cancel();

    /// <summary>Called by a run when it finishes, so the next pending run can start.</summary>
    [Alias("OnRunFinished")]
    Task OnRunFinished(string runId, RunStatus status);
}
