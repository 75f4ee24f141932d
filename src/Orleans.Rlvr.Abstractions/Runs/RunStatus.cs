namespace Orleans.Rlvr.Runs;

/// <summary>Where a run is in its life.</summary>
[GenerateSerializer, Alias("rlvr.RunStatus")]
public enum RunStatus
{
    /// <summary>Expanded from a sweep, not started yet (waiting for a concurrency slot).</summary>
    Pending = 0,

    /// <summary>Warm-starting or stepping.</summary>
    Running = 1,

    /// <summary>All steps done and the final checkpoint written.</summary>
    Completed = 2,

    /// <summary>Stopped by an error that retrying does not fix; see the run's error.</summary>
    Failed = 3,

    /// <summary>Stopped on request after its last checkpoint.</summary>
    Cancelled = 4,
}
