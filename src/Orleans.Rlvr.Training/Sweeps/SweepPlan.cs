using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Training.Sweeps;

/// <summary>
/// Expands a <see cref="SweepSpec"/> into its runs: aggregators × α (delta-l only) × seeds, each the preset with the
/// overrides, steps and varying knobs applied and validated. Used by the client (to refuse a bad spec before
/// sending it) and by the sweep grain (to refuse it again, whoever sent it).
/// </summary>
public static partial class SweepPlan
{
    /// <summary>The most runs one sweep may expand to.</summary>
    public const int MaxRuns = 512;

    /// <summary>The runs of the sweep <paramref name="sweepId"/>; an invalid spec throws an <see cref="ArgumentException"/> naming the field.</summary>
    public static IReadOnlyList<RunSpec> Expand(string sweepId, SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Require(IdPattern().IsMatch(sweepId ?? ""), "sweepId", $"'{sweepId}' must be 1-80 characters of letters, digits, '-', '_' or '.'");
        Require(IdPattern().IsMatch(spec.Name ?? ""), "name", $"'{spec.Name}' must be 1-80 characters of letters, digits, '-', '_' or '.'");
        Require(TrainingPresets.Names.Contains(spec.Preset), "preset", $"unknown preset '{spec.Preset}'; valid: {string.Join(", ", TrainingPresets.Names)}");
        Require(spec.Aggregators is { Count: > 0 }, "aggregators", "must list at least one aggregator");
        foreach (var name in spec.Aggregators!)
        {
            Require(LossAggregations.IsKnown(name), "aggregators", $"unknown aggregator '{name}'; valid: {string.Join(", ", LossAggregations.Names)}");
        }

        Require(spec.Alphas is { Count: > 0 }, "alphas", "must list at least one α (used by delta-l)");
        foreach (var alpha in spec.Alphas!)
        {
            Require(alpha is >= 0 and <= 1, "alphas", $"α = {alpha.ToString(CultureInfo.InvariantCulture)} is outside [0, 1]");
        }

        Require(spec.Seeds is { Count: > 0 }, "seeds", "must list at least one seed");
        Require(spec.Seeds!.Distinct().Count() == spec.Seeds!.Count, "seeds", "must not repeat a seed");
        Require(spec.Steps is null or (>= 1 and <= 1_000_000), "steps", $"{spec.Steps} is outside [1, 1000000]");
        Require(spec.MaxConcurrentRuns is >= 1 and <= 64, "maxConcurrentRuns", $"{spec.MaxConcurrentRuns} is outside [1, 64]");

        var aggregators = spec.Aggregators!.Select(LossAggregations.Canonical).Distinct().ToArray();
        var alphas = spec.Alphas!.Distinct().ToArray();
        var configurations = aggregators
            .SelectMany(a => a == "delta-l" ? alphas.Select(alpha => (Aggregator: a, Alpha: alpha)) : [(a, 1.0)])
            .ToArray();

        // Seed-major: runs start in this order, so a sweep stopped part-way has every configuration for its first
        // seeds (comparable), and the runs sharing a seed's warm start run together.
        var combinations = spec.Seeds!
            .SelectMany(seed => configurations.Select(c => (c.Aggregator, c.Alpha, Seed: seed)))
            .ToArray();
        Require(combinations.Length <= MaxRuns, "runs", $"the sweep expands to {combinations.Length} runs; at most {MaxRuns}");

        var baseline = Baseline(spec);
        return combinations.Select(c =>
        {
            var options = (baseline with { Aggregator = c.Aggregator, Alpha = c.Alpha, Seed = c.Seed }).Validate();
            var name = RunName(c.Aggregator, c.Alpha, c.Seed);
            return new RunSpec($"{sweepId}/{name}", sweepId!, c.Aggregator, c.Alpha, c.Seed,
                JsonSerializer.Serialize(options, RunCheckpoint.Json), $"sweeps/{sweepId}/{name}");
        }).ToArray();
    }

    /// <summary>The options a run's <see cref="RunSpec.OptionsJson"/> holds, validated.</summary>
    public static TrainingOptions Options(RunSpec run) =>
        (JsonSerializer.Deserialize<TrainingOptions>(run.OptionsJson, RunCheckpoint.Json)
            ?? throw new ArgumentException($"optionsJson of run {run.RunId} is empty.", nameof(run))).Validate();

    private static TrainingOptions Baseline(SweepSpec spec)
    {
        var options = TrainingPresets.Get(spec.Preset) with { Task = spec.Task };
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

    private static string RunName(string aggregator, double alpha, int seed) =>
        aggregator == "delta-l"
            ? string.Create(CultureInfo.InvariantCulture, $"{aggregator}-a{alpha}-s{seed}")
            : string.Create(CultureInfo.InvariantCulture, $"{aggregator}-s{seed}");

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{field}: {message}.", field);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,80}$")]
    private static partial Regex IdPattern();
}
