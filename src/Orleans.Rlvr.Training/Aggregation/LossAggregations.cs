using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>
/// The registry of loss aggregations. Adding one means a new file with the formula and its
/// <see cref="AggregationDescriptor"/>, plus one line in <see cref="All"/>; a miss lists the valid names.
/// </summary>
public static class LossAggregations
{
    /// <summary>Every registered aggregation, in the order results are reported.</summary>
    public static IReadOnlyList<AggregationDescriptor> All { get; } =
    [
        GrpoAggregation.Descriptor,
        DapoAggregation.Descriptor,
        DrGrpoAggregation.Descriptor,
        DeltaLAggregation.Descriptor,
        AdaptiveDeltaLAggregation.Descriptor,
        DapoMicroBatchAggregation.Descriptor,
    ];

    private static readonly Dictionary<string, AggregationDescriptor> ByName =
        All.SelectMany(d => d.Names.Select(n => (Name: n, Descriptor: d))).ToDictionary(p => p.Name, p => p.Descriptor, StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical names, in the order results are reported.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(d => d.Name).ToArray();

    /// <summary>Whether <paramref name="name"/> is a known name or alias.</summary>
    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    /// <summary>The entry for a name or alias; an unknown name is refused, naming <paramref name="field"/> and listing the valid names.</summary>
    public static AggregationDescriptor Get(string name, string field = "aggregator")
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name, out var descriptor)
            ? descriptor
            : throw new ArgumentException(
                $"{field}: unknown aggregator '{name}'; valid: {string.Join(", ", Names)} " +
                $"(aliases: {string.Join(", ", All.SelectMany(d => d.Names.Skip(1).Select(a => $"{a} = {d.Name}")))}).",
                field);
    }

    /// <summary>The aggregation a run's options select.</summary>
    public static ILossAggregation Create(AggregationOptions options, int seed) => Get(options.Aggregator).Factory(options, seed);

    /// <summary>An aggregation by name; α is used only where the aggregation takes it.</summary>
    public static ILossAggregation Create(string name, double alpha = 1.0) => Get(name).Create(alpha);

    /// <summary>The aggregations that take α (what a refused <c>--alpha</c> names).</summary>
    public static IReadOnlyList<string> AlphaNames { get; } = All.Where(d => d.TakesAlpha).Select(d => d.Name).ToArray();

    /// <summary>The names of the aggregations whose weights depend on a batch alone (what a batch can be inspected with).</summary>
    public static IReadOnlyList<string> FixedNames { get; } = All.Where(d => !d.IsAdaptive).Select(d => d.Name).ToArray();

    /// <summary>One aggregation per configuration of <see cref="Expand"/>.</summary>
    public static IReadOnlyList<ILossAggregation> CreateAll(IEnumerable<string> names, IReadOnlyList<double> alphas, string field = "aggregators") =>
        Expand(names, alphas, field).Select(c => c.Descriptor.Create(c.Alpha)).ToArray();

    /// <summary>
    /// The configurations a list of aggregators and α values stands for: one per α for aggregations that take α, one
    /// (with α = 1, unused) for the others; duplicates and aliases collapse, in the order given.
    /// </summary>
    public static IReadOnlyList<(AggregationDescriptor Descriptor, double Alpha)> Expand(IEnumerable<string> names, IReadOnlyList<double> alphas, string field = "aggregators") =>
        names.Select(n => Get(n, field)).Distinct()
            .SelectMany(d => d.TakesAlpha ? alphas.Distinct().Select(a => (d, a)) : [(d, 1.0)])
            .ToArray();
}
