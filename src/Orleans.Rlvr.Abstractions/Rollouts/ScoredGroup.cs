namespace Orleans.Rlvr.Rollouts;

/// <summary>One prompt's G responses with their verifiable rewards and group advantages, ready for the learner.</summary>
/// <param name="Prompt">The prompt the responses answer.</param>
/// <param name="Responses">The G sampled responses.</param>
/// <param name="Rewards">r_i from the verifier (after any overlong penalty).</param>
/// <param name="Advantages">A_i from the group's rewards.</param>
/// <param name="Included">Whether each response enters the loss (false for overlong-filtered responses).</param>
[GenerateSerializer, Immutable, Alias("rlvr.ScoredGroup")]
public sealed record ScoredGroup(
    [property: Id(0)] PromptRef Prompt,
    [property: Id(1)] IReadOnlyList<ResponseSample> Responses,
    [property: Id(2)] double[] Rewards,
    [property: Id(3)] double[] Advantages,
    [property: Id(4)] bool[] Included)
{
    /// <summary>True when every reward is equal: GRPO gives all-zero advantages, DAPO's dynamic sampling drops it.</summary>
    public bool IsDegenerate => Rewards.All(r => r == Rewards[0]);
}
