namespace Orleans.Rlvr.Rollouts;

/// <summary>Sample G responses to one prompt with one policy version (sampling settings come from the run's options).</summary>
/// <param name="Policy">The policy version, by reference.</param>
/// <param name="Prompt">The encoded prompt.</param>
/// <param name="GroupSize">G.</param>
/// <param name="Seed">Seeds the sampling, derived from (run seed, step, prompt) so a retry draws the same responses.</param>
/// <param name="Round">The request's place in its round on this silo; null samples it with whatever arrives in the batch window.</param>
[GenerateSerializer, Immutable, Alias("rlvr.RolloutRequest")]
public sealed record RolloutRequest(
    [property: Id(0)] PolicyVersion Policy,
    [property: Id(1)] PromptRef Prompt,
    [property: Id(2)] int GroupSize,
    [property: Id(3)] long Seed,
    [property: Id(4)] RoundSlot? Round = null);
