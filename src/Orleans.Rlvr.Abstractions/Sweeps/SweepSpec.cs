namespace Orleans.Rlvr.Sweeps;

/// <summary>
/// A sweep: every combination of <see cref="Aggregators"/> × <see cref="Alphas"/> × <see cref="Advantages"/> × <see cref="Vary"/> ×
/// <see cref="Seeds"/> becomes one run (α varies only for aggregations that take it; the others run once per seed), each on <see cref="Preset"/> with
/// <see cref="Overrides"/> applied. Documented with an example in <c>docs/sweeps.md</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("rlvr.SweepSpec")]
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record SweepSpec
{
    /// <summary>A readable name; becomes part of the sweep id.</summary>
    [Id(0)] public string Name { get; init; } = "sweep";

    /// <summary>The training preset every run starts from (smoke, demo, small, quick, reference, spread).</summary>
    [Id(1)] public string Preset { get; init; } = "smoke";

    /// <summary>The task registry name.</summary>
    [Id(2)] public string Task { get; init; } = "countdown";

    /// <summary>Aggregations to compare (grpo, dapo, dr-grpo, delta-l, delta-l-auto; verl's names accepted).</summary>
    [Id(3)] public IReadOnlyList<string> Aggregators { get; init; } = ["grpo", "delta-l"];

    /// <summary>α values for the aggregations that take α (delta-l), each in [0, 1].</summary>
    [Id(4)] public IReadOnlyList<double> Alphas { get; init; } = [1.0];

    /// <summary>Run seeds.</summary>
    [Id(5)] public IReadOnlyList<int> Seeds { get; init; } = [1, 2];

    /// <summary>RL steps per run; null keeps the preset's.</summary>
    [Id(6)] public int? Steps { get; init; }

    /// <summary>Any other option, as path=value (e.g. <c>learningRate</c> = <c>1e-4</c>, <c>loss.klCoef</c> = <c>0.01</c>).</summary>
    [Id(7)] public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    /// <summary>How many runs may train at once across the cluster.</summary>
    [Id(8)] public int MaxConcurrentRuns { get; init; } = 2;

    /// <summary>Group advantage estimators to compare (grpo, dr-grpo): the paper's Dr. GRPO arm is <c>dr-grpo</c> aggregation with <c>dr-grpo</c> advantages.</summary>
    [Id(9)] public IReadOnlyList<string> Advantages { get; init; } = ["grpo"];

    /// <summary>
    /// Further dimensions: an option path (as in <see cref="Overrides"/>) and the values to compare, e.g.
    /// <c>ppo.optimizer</c> = [<c>adamw</c>, <c>sgd</c>] or <c>ppo.learningRate</c> = [<c>1e-4</c>, <c>3e-4</c>]; every
    /// combination runs, and run names say each value (<c>delta-l-a1-optimizer-sgd-s1</c>).
    /// </summary>
    [Id(10)] public IReadOnlyDictionary<string, IReadOnlyList<string>> Vary { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
