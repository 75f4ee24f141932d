namespace Orleans.Rlvr.Cluster;

/// <summary>
/// Where a run's work goes (silos by parsable address): its learner, and the silos that sample its prompt groups —
/// the learner's own silo when it has the rollout role (no policy crosses the network, and each silo's runs step
/// independently), else every rollout silo, prompt p on the (p mod n)-th.
/// </summary>
/// <param name="Learner">The silo for the learner; null when no silo has the learner role.</param>
/// <param name="Rollouts">The silos for the prompt groups; empty leaves them to Orleans' placement.</param>
[GenerateSerializer, Immutable, Alias("rlvr.RunPlacement")]
public sealed record RunPlacement(
    [property: Id(0)] string? Learner,
    [property: Id(1)] IReadOnlyList<string> Rollouts);
