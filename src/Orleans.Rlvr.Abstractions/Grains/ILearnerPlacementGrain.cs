using Orleans.Rlvr.Cluster;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// One per cluster (key 0): chooses where a run's work goes (<see cref="RunPlacement"/>): its learner on the learner
/// silo with the fewest open learners, so that runs spread evenly over the learner silos (each silo's tensor threads
/// are the cluster's unit of throughput), and its rollouts beside it. One grain, so that runs opening at the same
/// moment are not all sent to the same silo.
/// </summary>
[Alias("rlvr.ILearnerPlacementGrain")]
public interface ILearnerPlacementGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The placement of <paramref name="runId"/>: its learner where it is open already, else on the active learner
    /// silo with the fewest open learners (ties: the lowest address).
    /// </summary>
    [Alias("Choose")]
    Task<RunPlacement> Choose(string runId);

    /// <summary>
    /// Forgets the choice for <paramref name="runId"/>: call it once the call that activated the learner has
    /// returned, when the learner's silo reports it (until then the choice counts against the chosen silo).
    /// </summary>
    [Alias("Release")]
    Task Release(string runId);
}
