namespace Orleans.Rlvr.Grains.Compute;

/// <summary>
/// What a silo's tensor threads have done: jobs run, and the time during which at least one job was running
/// (the engine's share of the wall clock; the rest is orchestration, storage and idle time).
/// </summary>
/// <param name="Jobs">Jobs completed (successfully or not).</param>
/// <param name="Busy">Union of the intervals in which at least one tensor job ran.</param>
/// <param name="JobTime">Sum of the job durations (equals <paramref name="Busy"/> with one tensor thread).</param>
/// <param name="QueueWait">Sum of the times jobs waited for a tensor thread.</param>
public sealed record TensorWorkStatistics(long Jobs, TimeSpan Busy, TimeSpan JobTime, TimeSpan QueueWait)
{
    public static TensorWorkStatistics Zero { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The work done between <paramref name="earlier"/> and this snapshot.</summary>
    public TensorWorkStatistics Since(TensorWorkStatistics earlier) =>
        new(Jobs - earlier.Jobs, Busy - earlier.Busy, JobTime - earlier.JobTime, QueueWait - earlier.QueueWait);
}
