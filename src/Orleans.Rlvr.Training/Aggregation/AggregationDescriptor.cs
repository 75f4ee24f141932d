using System.Globalization;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>
/// Everything callers need to know about one loss aggregation, declared beside its formula and registered in
/// <see cref="LossAggregations"/>: its name, verl's name for it, whether it takes α, how to build it from a run's
/// options, and (for aggregations that learn during a run) the type of the state its checkpoints hold.
/// </summary>
/// <param name="Name">The registry name (<c>delta-l</c>).</param>
/// <param name="VerlAlias">verl's <c>loss_agg_mode</c> for it, when verl has one.</param>
/// <param name="TakesAlpha">Whether <see cref="AggregationOptions.Alpha"/> is a parameter of it (sweeps expand it over α).</param>
/// <param name="Factory">Builds it from the run's aggregation options and seed.</param>
/// <param name="StateType">The <see cref="AggregationState"/> it checkpoints, when it is an <see cref="IAdaptiveAggregation"/>.</param>
/// <param name="OtherAliases">Other accepted spellings.</param>
public sealed record AggregationDescriptor(
    string Name,
    string? VerlAlias,
    bool TakesAlpha,
    Func<AggregationOptions, int, ILossAggregation> Factory,
    Type? StateType = null,
    IReadOnlyList<string>? OtherAliases = null)
{
    /// <summary>True for aggregations that learn during a run (their weights depend on the run's history, not on a batch alone).</summary>
    public bool IsAdaptive => StateType is not null;

    /// <summary>Builds the configuration <paramref name="alpha"/> of it outside a run (seed 1).</summary>
    public ILossAggregation Create(double alpha) => Factory(new AggregationOptions { Aggregator = Name, Alpha = alpha }, 1);

    /// <summary>Every accepted name: the registry name, verl's alias and the other spellings.</summary>
    public IEnumerable<string> Names => new[] { Name, VerlAlias }.Concat(OtherAliases ?? []).OfType<string>();

    /// <summary>How runs and tables name one configuration: <c>delta-l-a0.5</c> where α is a parameter, else the name.</summary>
    public string Label(double alpha) =>
        TakesAlpha ? string.Create(CultureInfo.InvariantCulture, $"{Name}-a{alpha}") : Name;

    /// <summary>The α a configuration of this aggregation is reported with: α where it takes one, otherwise null.</summary>
    public double? ReportedAlpha(double alpha) => TakesAlpha ? alpha : null;
}
