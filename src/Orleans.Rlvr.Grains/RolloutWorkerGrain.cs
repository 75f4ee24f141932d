using Orleans.Concurrency;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Rollouts;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// A rollout worker of the pool: samples G responses to a prompt with the policy version it is given, loading that
/// version from the checkpoint store by reference through the silo's <see cref="PolicyCache"/>. Reentrant: its
/// requests go to the silo's <see cref="RolloutBatcher"/>, which samples the requests of one policy version
/// together on the tensor threads, not in the grain. A stateless worker: it runs on the silo of its caller, the prompt
/// group, which the run placed on its rollout silos (<see cref="Cluster.RunPlacement"/>).
/// </summary>
[Reentrant]
[StatelessWorker]
public sealed class RolloutWorkerGrain(RolloutBatcher batcher) : Grain, IRolloutWorkerGrain
{
    public Task<IReadOnlyList<ResponseSample>> Generate(RolloutRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.GroupSize, 1, nameof(request.GroupSize));
        return batcher.Generate(request);
    }
}
