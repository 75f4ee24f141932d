using Orleans.Rlvr.Rollouts;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// One prompt at one step of one run (key: <c>{runId}/{step}/{promptIndex}</c>): gets its G responses from a rollout
/// worker, scores them, computes the advantages and hands the group to the run's learner. Idempotent: a retry
/// returns the group already gathered and the learner never counts it twice.
/// </summary>
[Alias("rlvr.IPromptGroupGrain")]
public interface IPromptGroupGrain : IGrainWithStringKey
{
    /// <summary>Gathers (or returns the already gathered) group and submits it to the learner.</summary>
    [Alias("Gather")]
    Task<GroupSummary> Gather(GroupRequest request);
}
