namespace Orleans.Rlvr.Cluster;

/// <summary>What one silo's compute has done since the silo started.</summary>
/// <param name="Silo">The silo's address (as in <see cref="Runs.RunSnapshot.LearnerSilo"/>).</param>
/// <param name="Roles">Its <c>Rlvr:Roles</c>.</param>
/// <param name="Device">The LibTorch device of its tensor work.</param>
/// <param name="TensorThreads">Its tensor threads.</param>
/// <param name="Uptime">Time since its process started.</param>
/// <param name="Jobs">Tensor jobs completed (sampling, learner steps, evaluations, warm starts).</param>
/// <param name="Busy">Time during which at least one tensor job ran.</param>
/// <param name="JobTime">Sum of the job durations.</param>
/// <param name="QueueWait">Sum of the times jobs waited for a tensor thread.</param>
/// <param name="Pending">Jobs waiting now.</param>
/// <param name="RolloutBatches">Batched sampler calls made for rollout requests.</param>
/// <param name="RolloutRequests">Group rollout requests those calls served.</param>
/// <param name="Learners">Runs whose learner is open on the silo and not finished, sorted.</param>
[GenerateSerializer, Immutable, Alias("rlvr.SiloComputeReport")]
public sealed record SiloComputeReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Roles,
    [property: Id(2)] string Device,
    [property: Id(3)] int TensorThreads,
    [property: Id(4)] TimeSpan Uptime,
    [property: Id(5)] long Jobs,
    [property: Id(6)] TimeSpan Busy,
    [property: Id(7)] TimeSpan JobTime,
    [property: Id(8)] TimeSpan QueueWait,
    [property: Id(9)] int Pending,
    [property: Id(10)] long RolloutBatches,
    [property: Id(11)] long RolloutRequests,
    [property: Id(12)] IReadOnlyList<string> Learners)
{
    /// <summary>Share of the uptime during which the silo's tensor threads had work.</summary>
    public double Utilization => Uptime > TimeSpan.Zero ? Busy / Uptime : 0;
}
