using Orleans.Rlvr.Grains.Configuration;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// The reference to a run's learner. Orleans throws <see cref="ArgumentException"/> while no silo that registers the
/// learner grain is in this silo's view of the cluster (a rollout-only silo that started before the learner silos
/// joined, or before their grain manifest reached it): that is a wait, not a bad option, so it becomes a retryable
/// <see cref="InvalidOperationException"/> (an <see cref="ArgumentException"/> would fail the run as a refusal).
/// </summary>
internal static class LearnerReference
{
    public static ILearnerGrain Of(IGrainFactory grains, string runId)
    {
        try
        {
            return grains.GetGrain<ILearnerGrain>(runId);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(
                $"No silo with the '{SiloRoles.Learner}' role is in the cluster yet (Rlvr:Roles must list it on at least one silo); waiting for one. ({e.Message})");
        }
    }
}
