namespace Orleans.Rlvr.Rollouts;

/// <summary>Gather one prompt's group at one step: which run (with its typed options), which policy, which prompt.</summary>
/// <param name="Run">The run: its options (task, G, sampling and scoring settings) and directory.</param>
/// <param name="Policy">The policy version to sample with.</param>
/// <param name="Step">The RL step the group is for.</param>
/// <param name="PromptIndex">The prompt's index in the task's train stream.</param>
/// <param name="Round">Where the group sits among the round's groups sampled on the same silo (see <see cref="RoundSlot"/>).</param>
[GenerateSerializer, Immutable, Alias("rlvr.GroupRequest")]
public sealed record GroupRequest(
    [property: Id(0)] Runs.RunSpec Run,
    [property: Id(1)] PolicyVersion Policy,
    [property: Id(2)] int Step,
    [property: Id(3)] int PromptIndex,
    [property: Id(4)] RoundSlot? Round = null);
