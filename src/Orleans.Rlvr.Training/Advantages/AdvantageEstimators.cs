namespace Orleans.Rlvr.Training.Advantages;

/// <summary>The registry of group advantage estimators by name (a sweep dimension: <c>--advantages grpo,dr-grpo</c>).</summary>
public static class AdvantageEstimators
{
    /// <summary>Every registered estimator (stateless, shared).</summary>
    public static IReadOnlyList<IAdvantageEstimator> All { get; } = [new GrpoAdvantage(), new DrGrpoAdvantage()];

    /// <summary>The valid names.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToArray();

    /// <summary>The estimator called <paramref name="name"/>; an unknown name is refused naming <paramref name="field"/> and the valid names.</summary>
    public static IAdvantageEstimator Get(string name, string field = "advantages")
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"{field}: unknown advantage estimator '{name}'; valid: {string.Join(", ", Names)}.", field);
    }
}
