namespace Orleans.Rlvr.Rollouts;

/// <summary>What a prompt group reports back to its run after handing its scored group to the learner.</summary>
/// <param name="PromptIndex">The prompt's index in the train stream.</param>
/// <param name="IsDegenerate">All rewards equal (dynamic sampling drops such groups).</param>
/// <param name="MeanReward">Mean reward of the G responses.</param>
/// <param name="GenerationSeconds">Seconds the rollout worker spent sampling.</param>
/// <param name="Accepted">False when the learner already held this group (a retry): nothing was counted twice.</param>
[GenerateSerializer, Immutable, Alias("rlvr.GroupSummary")]
public sealed record GroupSummary(
    [property: Id(0)] int PromptIndex,
    [property: Id(1)] bool IsDegenerate,
    [property: Id(2)] double MeanReward,
    [property: Id(3)] double GenerationSeconds,
    [property: Id(4)] bool Accepted);
