using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// One run's learner (key: the run id), placed only on learner-role silos: owns model and optimizer, collects the
/// step's groups, applies the configured aggregation, steps, checkpoints and publishes the next policy version.
/// </summary>
[Alias("rlvr.ILearnerGrain")]
public interface ILearnerGrain : IGrainWithStringKey
{
    /// <summary>Opens the run: resumes from its newest checkpoint, or starts the warm start in the background. Poll until ready.</summary>
    [Alias("Open")]
    Task<LearnerProgress> Open(RunSpec run);

    /// <summary>Hands over one prompt's scored group for a step; returns false (and changes nothing) for a duplicate or a step already applied.</summary>
    [Alias("Submit")]
    Task<bool> Submit(int step, int promptIndex, ScoredGroup group);

    /// <summary>Applies the step with the groups of the given prompts; a step already applied returns its recorded outcome.</summary>
    [Alias("Update")]
    Task<StepOutcome> Update(int step, IReadOnlyList<int> promptIndices, int promptCursor, RolloutBatchStats rollouts);

    /// <summary>The metrics and evaluations held by the learner's run state.</summary>
    [Alias("GetHistory")]
    Task<RunReport> GetHistory(RunSnapshot snapshot);
}
