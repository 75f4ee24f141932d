namespace Orleans.Rlvr.Rollouts;

/// <summary>A policy by reference: the run, the step it was saved after, and its checkpoint folder (never the weights).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Step">The step the weights were saved after (0: the warm start).</param>
/// <param name="CheckpointDirectory">The complete checkpoint holding the weights, on the shared checkpoint root.</param>
[GenerateSerializer, Immutable, Alias("rlvr.PolicyVersion")]
public sealed record PolicyVersion(
    [property: Id(0)] string RunId,
    [property: Id(1)] int Step,
    [property: Id(2)] string CheckpointDirectory);
