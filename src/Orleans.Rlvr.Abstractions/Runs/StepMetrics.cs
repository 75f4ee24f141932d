namespace Orleans.Rlvr.Runs;

/// <summary>
/// The metrics of one RL step, keyed like verl's (<c>critic/score/mean</c>, <c>response_length/mean</c>,
/// <c>actor/pg_loss</c>, <c>actor/grad_norm</c>, <c>perf/throughput</c>, <c>timing_s/gen</c>, ...).
/// </summary>
[GenerateSerializer, Immutable, Alias("rlvr.StepMetrics")]
public sealed record StepMetrics(
    [property: Id(0)] int Step,
    [property: Id(1)] IReadOnlyDictionary<string, double> Values)
{
    /// <summary>A metric's value, or NaN when the step did not record it.</summary>
    public double this[string key] => Values.TryGetValue(key, out var value) ? value : double.NaN;
}
