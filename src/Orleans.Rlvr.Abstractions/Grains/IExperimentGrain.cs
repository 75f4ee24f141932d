using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Grains;

/// <summary>One run (key: the run id): owns its spec, drives its steps and evaluations, resumes after a failure.</summary>
[Alias("rlvr.IExperimentGrain")]
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Starts the run (idempotent: a started run returns its snapshot).</summary>
    [Alias("Start")]
    Task<RunSnapshot> Start(RunSpec spec);

    /// <summary>The run's live status.</summary>
    [Alias("GetSnapshot")]
    Task<RunSnapshot> GetSnapshot();

    /// <summary>The run's metrics and evaluations so far.</summary>
    [Alias("GetReport")]
    Task<RunReport> GetReport();

    /// <summary>Stops the run after its current step.</summary>
    [Alias("Cancel")]
    Task<RunSnapshot> Cancel();
}
