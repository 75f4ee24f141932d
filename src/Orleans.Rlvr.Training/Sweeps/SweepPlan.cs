using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Advantages;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Sweeps;

/// <summary>
/// Expands a <see cref="SweepSpec"/> into its runs: aggregators × α (where the aggregation takes α) × advantage
/// estimators × seeds, each the preset with the overrides, steps and varying knobs applied and validated. Used by
/// the client (to refuse a bad spec before sending it) and by the sweep grain (to refuse it again, whoever sent it).
/// </summary>
public static partial class SweepPlan
{
    /// <summary>The most runs one sweep may expand to.</summary>
    public const int MaxRuns = 512;

    /// <summary>The advantage estimator runs use unless a sweep varies it; run names mention any other.</summary>
    public const string DefaultAdvantages = "grpo";

    /// <summary>The runs of the sweep <paramref name="sweepId"/>; an invalid spec throws an <see cref="ArgumentException"/> naming the field.</summary>
    public static IReadOnlyList<RunSpec> Expand(string sweepId, SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireId("name", spec.Name);
        RequireId("sweepId", sweepId);
        Guard.Require(TrainingPresets.Names.Contains(spec.Preset), "preset", $"unknown preset '{spec.Preset}'; valid: {string.Join(", ", TrainingPresets.Names)}");
        Guard.Require(spec.Aggregators is { Count: > 0 }, "aggregators", "must list at least one aggregator");
        var twice = spec.Aggregators!.Select(a => LossAggregations.Get(a, "aggregators").Name).GroupBy(a => a).FirstOrDefault(g => g.Count() > 1);
        Guard.Require(twice is null, "aggregators", $"'{twice?.Key}' is listed twice");
        Guard.Require(spec.Alphas is { Count: > 0 }, "alphas", "must list at least one α (used by delta-l)");
        foreach (var alpha in spec.Alphas!)
        {
            Guard.Require(alpha is >= 0 and <= 1, "alphas", $"α = {alpha.ToString(CultureInfo.InvariantCulture)} is outside [0, 1]");
        }

        Guard.Require(spec.Advantages is { Count: > 0 }, "advantages", $"must list at least one advantage estimator ({string.Join(", ", AdvantageEstimators.Names)})");
        Guard.Require(spec.Seeds is { Count: > 0 }, "seeds", "must list at least one seed");
        Guard.Require(spec.Seeds!.Distinct().Count() == spec.Seeds!.Count, "seeds", "must not repeat a seed");
        Guard.Require(spec.Seeds!.All(seed => seed >= 1), "seeds", $"every seed must be ≥ 1 (got {string.Join(", ", spec.Seeds!.Where(seed => seed < 1))})");
        Guard.Require(spec.Overrides is not null, "overrides", "must be an object of option paths and values (or absent)");
        Guard.Require(spec.Vary is not null, "vary", "must be an object of option paths and value lists (or absent)");
        Guard.Require(spec.Steps is null or (>= 1 and <= 1_000_000), "steps", $"{spec.Steps} is outside [1, 1000000]");
        Guard.Require(spec.MaxConcurrentRuns is >= 1 and <= 64, "maxConcurrentRuns", $"{spec.MaxConcurrentRuns} is outside [1, 64]");

        var aggregations = LossAggregations.Expand(spec.Aggregators!, spec.Alphas!);
        var advantages = spec.Advantages!.Select(a => AdvantageEstimators.Get(a).Name).Distinct().ToArray();
        var baseline = Baseline(spec);
        var variations = Variations(spec, baseline);
        var configurations = aggregations
            .SelectMany(a => advantages.Select(adv => (a.Descriptor, a.Alpha, Advantages: adv)))
            .SelectMany(c => variations.Select(v => (c.Descriptor, c.Alpha, c.Advantages, Variation: v)))
            .ToArray();

        // Seed-major: runs start in this order, so a sweep stopped part-way has every configuration for its first
        // seeds (comparable), and the runs sharing a seed's warm start run together. Except at the start: the first
        // configuration of each of the first maxConcurrentRuns seeds goes first, so their warm starts (one per seed)
        // are computed side by side — seed-major alone had the second slot wait idle on the first seed's warm start
        // (the demo sweep: 3 min 51 s, about 70 s of it one core waiting).
        var seedMajor = spec.Seeds!.SelectMany(seed => configurations.Select(c => (c.Descriptor, c.Alpha, c.Advantages, c.Variation, Seed: seed))).ToArray();
        var leaders = Enumerable.Range(0, Math.Min(spec.MaxConcurrentRuns, spec.Seeds!.Count)).Select(k => k * configurations.Length).ToHashSet();
        var combinations = seedMajor.Where((_, i) => leaders.Contains(i)).Concat(seedMajor.Where((_, i) => !leaders.Contains(i))).ToArray();
        Guard.Require(combinations.Length <= MaxRuns, "runs", $"the sweep expands to {combinations.Length} runs; at most {MaxRuns}");

        var runs = combinations.Select(c =>
        {
            var varied = c.Variation.Count == 0 ? baseline : TrainingOverrides.Apply(baseline, c.Variation);
            var options = RunOptionsValidation.Validate(varied with
            {
                Seed = c.Seed,
                Aggregation = varied.Aggregation with { Aggregator = c.Descriptor.Name, Alpha = c.Alpha, Advantages = c.Advantages },
            });
            var label = Label(c.Descriptor, c.Alpha, c.Advantages) + string.Concat(c.Variation.Select(v => $"-{NamePart(v.Key[(v.Key.LastIndexOf('.') + 1)..])}-{NamePart(v.Value)}"));
            var name = string.Create(CultureInfo.InvariantCulture, $"{label}-s{c.Seed}");
            return new RunSpec($"{sweepId}/{name}", sweepId!, options, $"sweeps/{sweepId}/{name}", label, c.Descriptor.ReportedAlpha(c.Alpha));
        }).ToArray();
        foreach (var options in runs.Select(r => r.Options).DistinctBy(o => (o.Task, o.Rollout.MaxResponseLength, o.Policy.ContextLength)))
        {
            RunSession.RequireRoom(options, RlvrTasks.Create(options));
        }

        var repeated = runs.GroupBy(r => r.RunId).FirstOrDefault(g => g.Count() > 1);
        Guard.Require(repeated is null, "vary", $"two runs would both be named '{repeated?.Key}': give values that differ in letters, digits, '.', '_' or '-'");
        return runs;
    }

    /// <summary>
    /// Every combination of the spec's <see cref="SweepSpec.Vary"/> values (one empty combination when it varies
    /// nothing), each checked against <paramref name="baseline"/> so that a bad path or value is refused naming it.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Variations(SweepSpec spec, RunOptions baseline)
    {
        IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> combinations = [[]];
        foreach (var (path, values) in spec.Vary ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            Guard.Require(values is { Count: > 0 }, "vary", $"'{path}' must list at least one value");
            Guard.Require(values!.Distinct(StringComparer.Ordinal).Count() == values!.Count, "vary", $"'{path}' must not repeat a value");
            foreach (var value in values!)
            {
                try
                {
                    RunOptionsValidation.Validate(TrainingOverrides.Apply(baseline, [new(path, value)]));
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"vary: {e.Message}", "vary", e);
                }
            }

            combinations = [.. combinations.SelectMany(c => values!.Select(v => (IReadOnlyList<KeyValuePair<string, string>>)[.. c, new(path, v)]))];
        }

        return combinations;
    }

    /// <summary>Text in run-id characters (letters, digits, '.', '_', '-'; anything else becomes '_').</summary>
    private static string NamePart(string text) => Regex.Replace(text.Trim(), "[^A-Za-z0-9._-]", "_");

    /// <summary>A configuration's name: the aggregation's label, then <c>-adv-NAME</c> when the advantages are not the default.</summary>
    public static string Label(AggregationDescriptor aggregation, double alpha, string advantages) =>
        advantages == DefaultAdvantages ? aggregation.Label(alpha) : $"{aggregation.Label(alpha)}-adv-{advantages}";

    private static RunOptions Baseline(SweepSpec spec)
    {
        var options = TrainingPresets.Get(spec.Preset, spec.Task);
        if (spec.Steps is { } steps)
        {
            options = options with { Steps = steps };
        }

        try
        {
            return TrainingOverrides.Apply(options, spec.Overrides ?? new Dictionary<string, string>());
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"overrides: {e.Message}", "overrides", e);
        }
    }

    /// <summary>
    /// Refuses a sweep id or name that is not 1-80 letters, digits, '-', '_' or '.' starting with a letter or digit (ids
    /// name folders under the checkpoint root, so '..' or a path must never be one).
    /// </summary>
    public static void RequireId(string field, string? id) =>
        Guard.Require(IdPattern().IsMatch(id ?? ""), field, $"'{id}' must be 1-80 characters of letters, digits, '-', '_' or '.', starting with a letter or digit");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")]
    private static partial Regex IdPattern();
}
