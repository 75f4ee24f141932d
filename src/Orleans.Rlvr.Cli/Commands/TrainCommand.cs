using System.CommandLine;
using System.Globalization;
using Orleans.Rlvr.Cli.Rendering;
using Orleans.Rlvr.Cli.Training;
using Orleans.Rlvr.Training.Advantages;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Sweeps;
using Orleans.Rlvr.Training.Tasks;
using Spectre.Console;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr train --task countdown --aggregator delta-l --alpha 1 [--advantages grpo|dr-grpo] --steps N --seed S
/// [--preset smoke|demo|small|quick|reference|spread] [--set path=value]... [--out DIR] [--resume DIR] [--json]</c>: one run in this
/// process, trained exactly as the same run inside a sweep.
/// </summary>
public static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var task = new Option<string?>("--task") { Description = $"Task: {string.Join(", ", RlvrTasks.Names)} (default: countdown)." };
        var aggregator = new Option<string?>("--aggregator", "-a") { Description = $"{string.Join(", ", LossAggregations.Names)} (default: delta-l)." };
        var alpha = new Option<double?>("--alpha") { Description = "α in [0, 1] of the aggregations that take one (default: 1)." };
        var advantages = new Option<string?>("--advantages") { Description = $"Group advantage estimator: {string.Join(", ", AdvantageEstimators.Names)} (default: grpo)." };
        var steps = new Option<int?>("--steps") { Description = "RL steps (default: the preset's)." };
        var seed = new Option<int?>("--seed") { Description = "Run seed (default: 1)." };
        var preset = new Option<string>("--preset")
        {
            Description = $"Starting configuration: {string.Join(", ", TrainingPresets.Names)}.",
            DefaultValueFactory = _ => "reference",
        };
        var outDir = new Option<string?>("--out") { Description = "Run directory (default: <Checkpoints:Root>/<configuration>-s<seed>-<time>)." };
        var resume = new Option<string?>("--resume") { Description = "Resume the run in this directory from its newest checkpoint." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override any option: path=value, e.g. --set ppo.learningRate=1e-4 --set klCoef=0.01 (repeatable; docs/options.md).",
            AllowMultipleArgumentsPerToken = false,
        };

        var model = new ModelFlags();
        var command = new Command("train", "Warm-start a policy on the task's noisy teacher, then train it with RL.")
        {
            task, aggregator, alpha, advantages, steps, seed, preset, outDir, resume, json, set, model.Model, model.PromptTemplate,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(resume) is not null)
            {
                // A resumed run's options come from its checkpoint: a flag that would change them is refused, not ignored.
                var conflicting = new Option[] { task, aggregator, alpha, advantages, seed, preset, outDir, set, model.Model, model.PromptTemplate }
                    .Where(o => parse.GetResult(o) is { Implicit: false })
                    .Select(o => o.Name)
                    .ToArray();
                if (conflicting.Length > 0)
                {
                    throw new UsageException($"--resume: the run's options come from its checkpoint; drop {string.Join(", ", conflicting)} (only --steps and --json go with --resume).");
                }
            }
            else
            {
                if (parse.GetValue(seed) is < 1)
                {
                    throw new UsageException($"--seed must be ≥ 1 (got {parse.GetValue(seed)}).");
                }

                if (parse.GetValue(alpha) is not null && !Guard(() => LossAggregations.Get(parse.GetValue(aggregator) ?? "delta-l")).TakesAlpha)
                {
                    throw new UsageException($"--alpha: {parse.GetValue(aggregator)} does not take α; α applies to {string.Join(", ", LossAggregations.AlphaNames)}.");
                }

                if (parse.GetValue(outDir) is { } folder)
                {
                    OutputPaths.Folder("--out", folder);
                }
            }

            if (parse.GetValue(steps) is < 1 or > 1_000_000)
            {
                throw new UsageException($"--steps must be in [1, 1000000] (got {parse.GetValue(steps)}).");
            }

            var configuration = CliConfiguration.Load();
            var (options, runDirectory) = parse.GetValue(resume) is { } resumeDirectory
                ? Resumed(resumeDirectory, parse.GetValue(steps))
                : Fresh(parse.GetValue(preset)!, model.Task(parse, parse.GetValue(task), null), parse.GetValue(aggregator), parse.GetValue(alpha), parse.GetValue(advantages), parse.GetValue(steps), parse.GetValue(seed), [.. model.Overrides(parse), .. parse.GetValue(set) ?? []], parse.GetValue(outDir), CliConfiguration.RunsRoot(configuration));

            var rlvrTask = Guard(() => RlvrTasks.Create(options));
            Guard(() => { RunSession.RequireRoom(options, rlvrTask); return true; });
            var device = Guard(() => TorchRuntime.Configure(CliConfiguration.Torch(configuration)));
            var warmStarts = new WarmStartCache(Path.Combine(CliConfiguration.RunsRoot(configuration), "warm-start"));
            var trainer = Guard(() => new Trainer(options, rlvrTask, device, runDirectory, warmStarts));
            var console = Consoles.For(error);
            console.MarkupLine(Markup.Escape($"run {trainer.RunDirectory}: {Label(options)}, seed {options.Seed}, {options.Steps} steps, B={options.Rollout.PromptsPerStep} G={options.Rollout.GroupSize} M={options.Rollout.MaxResponseLength}, device {device.type}"));
            // Ctrl+C or SIGTERM during the RL steps: finish the step, checkpoint it, say how to resume (exit 130 / 143).
            // Before the first step there is nothing to save: the signal ends the process at once.
            var stepping = false;
            using var stop = new StopSignals(() => Volatile.Read(ref stepping));
            TrainingResult result;
            try
            {
                result = RunWithProgress(console, trainer, error, stop.Token, () => Volatile.Write(ref stepping, true));
            }
            catch (IOException e)
            {
                // Disk full or an unwritable folder mid-run: the checkpoints already written are intact.
                error.WriteLine($"error: {e.Message}");
                error.WriteLine(new Orleans.Rlvr.Training.Checkpoints.CheckpointStore(Path.Combine(trainer.RunDirectory, "checkpoints")).Latest() is null
                    ? "Free space (or make the folder writable) and run the same command again: no checkpoint was written yet."
                    : $"Free space (or make the folder writable) and resume with: rlvr train --resume {trainer.RunDirectory}");
                return CommandLineRunner.Failure;
            }

            if (stop.ExitCode != 0)
            {
                // Plain, unwrapped: the last line is meant to be copied.
                error.WriteLine($"Stopped after step {result.Steps} (checkpoint {result.CheckpointDirectory}); resume with: rlvr train --resume {trainer.RunDirectory}");
                return stop.ExitCode;
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(TrainingReport.ToJson(result));
            }
            else
            {
                TrainingReport.Write(Consoles.For(output), result);
            }

            return 0;
        });
        return command;
    }

    private static TrainingResult RunWithProgress(IAnsiConsole console, Trainer trainer, TextWriter error, CancellationToken stop, Action onFirstStep)
    {
        if (error != Console.Error || Console.IsErrorRedirected)
        {
            return trainer.Run(new ConsoleTrainingObserver(console, null, null) { OnSteps = onFirstStep }, stop);
        }

        TrainingResult? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var warm = context.AddTask("warm start");
                var rl = context.AddTask("RL steps");
                result = trainer.Run(new ConsoleTrainingObserver(console, warm, rl) { OnSteps = onFirstStep }, stop);
                warm.Value = warm.MaxValue;
            });
        return result!;
    }

    private static (RunOptions, string) Fresh(string preset, string? task, string? aggregator, double? alpha, string? advantages, int? steps, int? seed, string[] overrides, string? outDir, string runsRoot)
    {
        var options = Guard(() => TrainingPresets.Get(preset, task ?? "countdown"));
        options = options with
        {
            Steps = steps ?? options.Steps,
            Seed = seed ?? options.Seed,
            Aggregation = options.Aggregation with
            {
                Aggregator = aggregator ?? options.Aggregation.Aggregator,
                Alpha = alpha ?? options.Aggregation.Alpha,
                Advantages = advantages ?? options.Aggregation.Advantages,
            },
        };
        options = Guard(() => TrainingOverrides.Apply(options, overrides.Select(o => TrainingOverrides.Parse(o))));
        options = Guard(() => RunOptionsValidation.Validate(options));
        var name = string.Create(CultureInfo.InvariantCulture, $"{Label(options)}-s{options.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}");
        return (options, outDir ?? Path.Combine(runsRoot, name));
    }

    /// <summary>The run's configuration as a sweep names it (<c>delta-l-a1</c>, <c>dr-grpo-adv-dr-grpo</c>).</summary>
    private static string Label(RunOptions options) =>
        SweepPlan.Label(LossAggregations.Get(options.Aggregation.Aggregator), options.Aggregation.Alpha, options.Aggregation.Advantages);

    private static (RunOptions, string) Resumed(string directory, int? steps)
    {
        var store = new CheckpointStore(Path.Combine(directory, "checkpoints"));
        var checkpoint = store.Latest() ?? throw new UsageException($"--resume: no complete checkpoint under '{directory}'.");
        RunOptions options;
        try
        {
            options = RunCheckpoint.ReadState(checkpoint).Options;
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"--resume: {e.Message}");
        }

        return (Guard(() => RunOptionsValidation.Validate(options with { Steps = steps ?? options.Steps })), directory);
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
