namespace Orleans.Rlvr.Sweeps;

/// <summary>Where a sweep is in its life.</summary>
[GenerateSerializer, Alias("rlvr.SweepState")]
public enum SweepState
{
    /// <summary>No sweep with this id was started.</summary>
    Unknown = 0,

    /// <summary>Some runs are pending or running.</summary>
    Running = 1,

    /// <summary>Every run finished (completed, failed or cancelled).</summary>
    Finished = 2,

    /// <summary>Cancelled on request; running runs stop after their current step.</summary>
    Cancelled = 3,
}
