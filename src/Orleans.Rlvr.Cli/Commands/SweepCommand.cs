using System.CommandLine;
using System.Globalization;
using Orleans.Rlvr.Cli.Cluster;
using Orleans.Rlvr.Cli.Sweeps;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Advantages;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Sweeps;
using Orleans.Rlvr.Training.Tasks;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr sweep [--spec sweep.json] [--aggregators grpo,delta-l] [--alpha 0.5,1] [--advantages grpo,dr-grpo] [--vary path=v1,v2] [--seeds 1-3]
/// [--preset smoke] [--steps N] [--set path=value] [--json] [--detach] [--connect]</c>: starts a sweep (on an embedded silo unless <c>--connect</c>),
/// shows live progress per run, then prints the results table and writes CSV, JSON and plots.
/// </summary>
public static class SweepCommand
{
    /// <summary>The default sweep of a bare <c>rlvr sweep</c>: the four aggregations, two seeds, the demo preset (60 steps).</summary>
    public static SweepSpec Default { get; } = new()
    {
        Name = "demo",
        Preset = "demo",
        Aggregators = ["grpo", "dapo", "dr-grpo", "delta-l"],
        Alphas = [1.0],
        Seeds = [1, 2],
        MaxConcurrentRuns = 2,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var spec = new Option<string?>("--spec") { Description = "A sweep spec file (JSON, see docs/sweeps.md); flags given as well override its fields." };
        var name = new Option<string?>("--name") { Description = "A name for the sweep (part of its id)." };
        var preset = new Option<string?>("--preset") { Description = $"Training preset of every run: {string.Join(", ", TrainingPresets.Names)}." };
        var task = new Option<string?>("--task") { Description = $"Task: {string.Join(", ", RlvrTasks.Names)} (default: countdown)." };
        var aggregators = new Option<string?>("--aggregators") { Description = $"Comma-separated aggregations: {string.Join(", ", LossAggregations.Names)}." };
        var alpha = new Option<string?>("--alpha") { Description = "Comma-separated α values of the aggregations that take α (delta-l), each in [0, 1]." };
        var advantages = new Option<string?>("--advantages")
        {
            Description = $"Comma-separated group advantage estimators: {string.Join(", ", AdvantageEstimators.Names)} (default: grpo). The paper's Dr. GRPO arm: --aggregators dr-grpo --advantages dr-grpo.",
        };
        var seeds = new Option<string?>("--seeds") { Description = "Seeds and ranges: 7 (seed 7), 1-5 (seeds 1 to 5), 1,3,8-10." };
        var steps = new Option<int?>("--steps") { Description = "RL steps per run (default: the preset's)." };
        var set = new Option<string[]>("--set") { Description = "Override any training option, path=value (repeatable), e.g. --set ppo.learningRate=1e-4 (docs/options.md)." };
        var vary = new Option<string[]>("--vary") { Description = "Compare values of any option, path=v1,v2 (repeatable; every combination runs), e.g. --vary ppo.optimizer=adamw,sgd." };
        var concurrent = new Option<int?>("--max-concurrent") { Description = "Runs training at once across the cluster." };
        var attach = new Option<string?>("--attach") { Description = "Follow (and, embedded, resume) an existing sweep instead of starting one." };
        var results = new Option<string?>("--out") { Description = "Folder for results (CSV, JSON, plots); default <Checkpoints:Root>/sweeps/<id>/results." };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary on stdout (progress goes to stderr)." };
        var detach = new Option<bool>("--detach") { Description = "Start the sweep and return (needs --connect: an embedded silo stops with the command)." };
        var connect = new Option<bool>("--connect") { Description = "Join the cluster in the Cluster configuration section instead of starting an embedded silo." };

        var model = new ModelFlags();
        var command = new Command("sweep", "Run an aggregator × α × advantages × seed sweep on the cluster and report the results.")
        {
            spec, name, preset, task, aggregators, alpha, advantages, seeds, steps, set, vary, concurrent, attach, results, json, detach, connect, model.Model, model.PromptTemplate,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(detach) && !parse.GetValue(connect))
            {
                throw new UsageException("--detach: an embedded silo stops when the command does; use --detach with --connect.");
            }

            if (parse.GetValue(results) is { } resultsFolder)
            {
                OutputPaths.Folder("--out", resultsFolder);
            }

            var attached = parse.GetValue(attach);
            if (attached is not null)
            {
                SweepQueryCommands.RequireSweepId("--attach", attached);
            }

            var configuration = CliConfiguration.Load();
            var sweepSpec = attached is null ? Build(parse, spec, name, preset, task, aggregators, alpha, advantages, seeds, steps, set, vary, concurrent, model) : null;
            var sweepId = attached ?? $"{sweepSpec!.Name}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            if (sweepSpec is not null)
            {
                Guard(() => SweepPlan.Expand(sweepId, sweepSpec));
            }

            if (!parse.GetValue(connect))
            {
                // The embedded silo trains with this process's Torch settings: a device it cannot use is refused now,
                // not after the runs have been retried.
                Guard(() => TorchRuntime.ResolveDevice(CliConfiguration.Torch(configuration).Device));
            }

            return SweepSession.RunAsync(configuration, parse.GetValue(connect), sweepId, sweepSpec, new SweepOutputOptions(
                parse.GetValue(results), parse.GetValue(json), parse.GetValue(detach), Csv: null, Plots: null), output, error).GetAwaiter().GetResult();
        });
        return command;
    }

    private static SweepSpec Build(ParseResult parse, Option<string?> spec, Option<string?> name, Option<string?> preset, Option<string?> task,
        Option<string?> aggregators, Option<string?> alpha, Option<string?> advantages, Option<string?> seeds, Option<int?> steps, Option<string[]> set, Option<string[]> vary, Option<int?> concurrent, ModelFlags model)
    {
        var result = parse.GetValue(spec) is { } path ? SweepSpecFile.Read(path) : Default;
        var overrides = new Dictionary<string, string>(result.Overrides ?? new Dictionary<string, string>());
        foreach (var item in model.Overrides(parse).Concat(parse.GetValue(set) ?? []))
        {
            var (key, value) = Guard(() => TrainingOverrides.Parse(item, "--set"));
            overrides[key] = value;
        }

        var varied = new Dictionary<string, IReadOnlyList<string>>(result.Vary ?? new Dictionary<string, IReadOnlyList<string>>());
        foreach (var item in parse.GetValue(vary) ?? [])
        {
            var (key, values) = Guard(() => TrainingOverrides.Parse(item, "--vary"));
            varied[key] = values.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }

        var built = result with
        {
            Name = parse.GetValue(name) ?? (parse.GetValue(preset) is { } presetName && parse.GetValue(spec) is null ? presetName : result.Name),
            Preset = parse.GetValue(preset) ?? result.Preset,
            Task = parse.GetValue(spec) is null ? model.Task(parse, parse.GetValue(task), result.Task)! : parse.GetValue(task) ?? result.Task,
            Aggregators = parse.GetValue(aggregators) is { } list ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : result.Aggregators,
            Alphas = parse.GetValue(alpha) is { } alphas ? AlphaList.Parse(alphas) : result.Alphas,
            Advantages = parse.GetValue(advantages) is { } estimators ? estimators.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : result.Advantages,
            Seeds = parse.GetValue(seeds) is { } seedText ? Seeds(seedText) : result.Seeds,
            Steps = parse.GetValue(steps) ?? (parse.GetValue(preset) is not null && parse.GetValue(spec) is null ? null : result.Steps),
            Overrides = overrides,
            Vary = varied,
            MaxConcurrentRuns = parse.GetValue(concurrent) ?? result.MaxConcurrentRuns,
        };
        if (parse.GetValue(alpha) is not null && !built.Aggregators.Any(a => Guard(() => LossAggregations.Get(a, "--aggregators")).TakesAlpha))
        {
            throw new UsageException($"--alpha: none of the aggregators ({string.Join(", ", built.Aggregators)}) takes α; α applies to {string.Join(", ", LossAggregations.AlphaNames)}.");
        }

        return built;
    }

    /// <summary>The most seeds one <c>--seeds</c> may name.</summary>
    public const int MaxSeeds = 64;

    /// <summary>
    /// <c>--seeds 7</c> is seed 7; <c>--seeds 1-5</c> seeds 1 to 5; <c>--seeds 1,3,8-10</c> a list of seeds and ranges.
    /// Every seed is ≥ 1 and appears once.
    /// </summary>
    public static IReadOnlyList<int> Seeds(string text)
    {
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-', 2, StringSplitOptions.TrimEntries);
            if (bounds.Any(b => !int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new UsageException($"--seeds: '{part}' is not a seed or a range; give seeds ≥ 1 and ranges, e.g. 7, 1-5 or 1,3,8-10.");
            }

            var (first, last) = (int.Parse(bounds[0], CultureInfo.InvariantCulture), int.Parse(bounds[^1], CultureInfo.InvariantCulture));
            if (first < 1 || last < first)
            {
                throw new UsageException($"--seeds: '{part}' is not a seed ≥ 1 or a range from low to high.");
            }

            if (values.Count + (long)last - first + 1 > MaxSeeds)
            {
                throw new UsageException($"--seeds: at most {MaxSeeds} seeds, got more in '{text}'.");
            }

            values.AddRange(Enumerable.Range(first, last - first + 1));
        }

        if (values.Count == 0)
        {
            throw new UsageException("--seeds: no seed given; e.g. 7, 1-5 or 1,3,8-10.");
        }

        if (values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            throw new UsageException($"--seeds: seed {repeated.Key} is given twice in '{text}'.");
        }

        return values;
    }

    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e)
        {
            throw UsageException.From(e);
        }
    }
}
