namespace Orleans.Rlvr.Runs;

/// <summary>A run's live status, cheap to ask for: what a progress line shows.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Aggregator">Its aggregation.</param>
/// <param name="Alpha">Its α where the aggregator takes one, otherwise null.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Phase">What it is doing now, in words (warm start 300/1000, step 12, ...).</param>
/// <param name="Step">Last completed RL step.</param>
/// <param name="Steps">Steps it will run.</param>
/// <param name="Reward">Mean reward of the last step (NaN before the first).</param>
/// <param name="Accuracy">avg@k of the last evaluation (NaN before the first).</param>
/// <param name="InitialAccuracy">avg@k of the warm-start policy (NaN before it is evaluated).</param>
/// <param name="StepsRedone">Steps computed again after a failure (a learner lost with its silo resumes from its last checkpoint).</param>
/// <param name="LearnerSilo">The silo the run's learner last ran on.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="Advantages">Its group advantage estimator.</param>
/// <param name="Label">Its configuration as tables show it: everything that varies across the sweep but the seed.</param>
/// <param name="Failures">Failed attempts at a step so far (each retried from the learner's last checkpoint).</param>
[GenerateSerializer, Immutable, Alias("rlvr.RunSnapshot")]
public sealed record RunSnapshot(
    [property: Id(0)] string RunId,
    [property: Id(1)] string Aggregator,
    [property: Id(2)] double? Alpha,
    [property: Id(3)] int Seed,
    [property: Id(4)] RunStatus Status,
    [property: Id(5)] string Phase,
    [property: Id(6)] int Step,
    [property: Id(7)] int Steps,
    [property: Id(8)] double Reward,
    [property: Id(9)] double Accuracy,
    [property: Id(10)] double InitialAccuracy,
    [property: Id(11)] int StepsRedone,
    [property: Id(12)] string? LearnerSilo,
    [property: Id(13)] string? Error,
    [property: Id(14)] string Advantages,
    [property: Id(15)] string Label,
    [property: Id(16)] int Failures = 0)
{
    /// <summary>True once the run will not change any more.</summary>
    public bool IsFinished => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}
