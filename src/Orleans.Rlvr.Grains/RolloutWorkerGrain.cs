using Orleans.Concurrency;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Policy;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// A rollout worker of the pool: samples G responses to a prompt with the policy version it is given, loading that
/// version from the checkpoint store by reference through the silo's <see cref="PolicyCache"/>. Reentrant: its
/// requests queue on the silo's tensor threads, not in the grain.
/// </summary>
[Reentrant]
public sealed class RolloutWorkerGrain(TensorWorkQueue tensors, PolicyCache policies) : Grain, IRolloutWorkerGrain
{
    public Task<IReadOnlyList<ResponseSample>> Generate(RolloutRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.GroupSize, 1, nameof(request.GroupSize));
        return tensors.Run(() =>
        {
            var loaded = policies.Get(request.Policy);
            using var generator = new Generator((ulong)request.Seed);
            return loaded.Generator.Generate([request.Prompt], request.GroupSize, SamplingSettings.ForRollouts(loaded.Options), generator)[0];
        });
    }
}
