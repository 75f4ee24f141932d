using Orleans.Rlvr.Rollouts;

namespace Orleans.Rlvr.Runs;

/// <summary>The learner's answer to "open the run": ready with its current policy, or still warm-starting.</summary>
/// <param name="Ready">True once the policy is loaded (resumed) or warm-started and evaluated.</param>
/// <param name="Phase">What it is doing, in words.</param>
/// <param name="Step">The last step its state holds (the checkpoint it resumed from).</param>
/// <param name="PromptCursor">The next unused train prompt index.</param>
/// <param name="Policy">The current policy version (null until ready).</param>
/// <param name="InitialAccuracy">avg@k of the warm-start policy.</param>
/// <param name="Silo">The silo it runs on.</param>
/// <param name="Error">Why opening failed, when it did.</param>
[GenerateSerializer, Immutable, Alias("rlvr.LearnerProgress")]
public sealed record LearnerProgress(
    [property: Id(0)] bool Ready,
    [property: Id(1)] string Phase,
    [property: Id(2)] int Step,
    [property: Id(3)] int PromptCursor,
    [property: Id(4)] PolicyVersion? Policy,
    [property: Id(5)] double InitialAccuracy,
    [property: Id(6)] string Silo,
    [property: Id(7)] string? Error);
