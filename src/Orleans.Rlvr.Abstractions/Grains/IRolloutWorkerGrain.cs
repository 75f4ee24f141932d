using Orleans.Rlvr.Rollouts;

namespace Orleans.Rlvr.Grains;

/// <summary>A rollout worker of the pool (key: 0..pool size − 1, spread over the silos): samples with a policy version it loads by reference and caches.</summary>
[Alias("rlvr.IRolloutWorkerGrain")]
public interface IRolloutWorkerGrain : IGrainWithIntegerKey
{
    /// <summary>G responses to one prompt, with the log-probabilities of the sampled tokens.</summary>
    [Alias("Generate")]
    Task<IReadOnlyList<ResponseSample>> Generate(RolloutRequest request);
}
