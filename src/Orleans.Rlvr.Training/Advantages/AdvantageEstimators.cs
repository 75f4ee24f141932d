namespace Orleans.Rlvr.Training.Advantages;

/// <summary>The registry of group advantage estimators by name.</summary>
public static class AdvantageEstimators
{
    private static readonly Dictionary<string, Func<IAdvantageEstimator>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["grpo"] = () => new GrpoAdvantage(),
        ["dr-grpo"] = () => new DrGrpoAdvantage(),
    };

    /// <summary>The valid names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["grpo", "dr-grpo"];

    /// <summary>Creates the estimator called <paramref name="name"/>.</summary>
    public static IAdvantageEstimator Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new ArgumentException($"Unknown advantage estimator '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name));
    }
}
