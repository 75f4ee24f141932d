namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>The registry of loss aggregations by name; verl's <c>loss_agg_mode</c> names are accepted as aliases.</summary>
public static class LossAggregations
{
    private static readonly Dictionary<string, Func<double, ILossAggregation>> Factories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["grpo"] = _ => new GrpoAggregation(),
            ["dapo"] = _ => new DapoAggregation(),
            ["dr-grpo"] = _ => new DrGrpoAggregation(),
            ["delta-l"] = alpha => new DeltaLAggregation(alpha),
            ["delta-l-auto"] = _ => new AdaptiveDeltaLAggregation(new AdaptiveAlpha()),
        };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["seq-mean-token-mean"] = "grpo",
        ["token-mean"] = "dapo",
        ["seq-mean-token-sum-norm"] = "dr-grpo",
        ["drgrpo"] = "dr-grpo",
        ["delta_l"] = "delta-l",
        ["deltal"] = "delta-l",
        ["delta_l_auto"] = "delta-l-auto",
    };

    /// <summary>The canonical names, in the order results are reported.</summary>
    public static IReadOnlyList<string> Names { get; } = ["grpo", "dapo", "dr-grpo", "delta-l", "delta-l-auto"];

    /// <summary>verl's names and other accepted spellings, mapped to the canonical name.</summary>
    public static IReadOnlyDictionary<string, string> AliasNames => Aliases;

    /// <summary>Whether <paramref name="name"/> is a known name or alias.</summary>
    public static bool IsKnown(string name) => Factories.ContainsKey(Canonical(name));

    /// <summary>The canonical name for a name or alias (unchanged when unknown).</summary>
    public static string Canonical(string name) => Aliases.TryGetValue(name, out var canonical) ? canonical : name;

    /// <summary>Creates an aggregation; α is used by <c>delta-l</c> only (<c>delta-l-auto</c> estimates its own, starting at 1).</summary>
    public static ILossAggregation Create(string name, double alpha = 1.0)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.TryGetValue(Canonical(name), out var factory))
        {
            throw new ArgumentException(
                $"Unknown aggregator '{name}'. Valid names: {string.Join(", ", Names)} " +
                $"(aliases: {string.Join(", ", Aliases.Select(a => $"{a.Key} = {a.Value}"))}).",
                nameof(name));
        }

        return factory(alpha);
    }
}
