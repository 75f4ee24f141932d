using System.CommandLine;
using System.Globalization;
using Orleans.Rlvr.Cli.Rendering;
using Orleans.Rlvr.Cli.Training;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr train --task countdown --aggregator delta-l --alpha 1 --steps N --seed S [--preset smoke|demo|quick|reference]
/// [--out DIR] [--resume DIR] [--json]</c>: one run in this process.
/// </summary>
public static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var task = new Option<string?>("--task") { Description = $"Task: {string.Join(", ", RlvrTasks.Names)} (default: countdown)." };
        var aggregator = new Option<string?>("--aggregator", "-a") { Description = "grpo, dapo, dr-grpo or delta-l (default: delta-l)." };
        var alpha = new Option<double?>("--alpha") { Description = "α of delta-l in [0, 1] (default: 1)." };
        var steps = new Option<int?>("--steps") { Description = "RL steps (default: the preset's)." };
        var seed = new Option<int?>("--seed") { Description = "Run seed (default: 1)." };
        var preset = new Option<string>("--preset")
        {
            Description = $"Starting configuration: {string.Join(", ", TrainingPresets.Names)}.",
            DefaultValueFactory = _ => "quick",
        };
        var outDir = new Option<string?>("--out") { Description = "Run directory (default: <Checkpoints:Root>/<aggregator>-a<alpha>-s<seed>-<time>)." };
        var resume = new Option<string?>("--resume") { Description = "Resume the run in this directory from its newest checkpoint." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override any option: path=value, e.g. --set learningRate=1e-4 --set loss.klCoef=0.01 (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };

        var command = new Command("train", "Warm-start a policy on the task's noisy teacher, then train it with RL.")
        {
            task, aggregator, alpha, steps, seed, preset, outDir, resume, json, set,
        };
        command.SetAction(parse =>
        {
            var configuration = CliConfiguration.Load();
            var (options, runDirectory) = parse.GetValue(resume) is { } resumeDirectory
                ? Resumed(resumeDirectory, parse.GetValue(steps))
                : Fresh(parse.GetValue(preset)!, parse.GetValue(task), parse.GetValue(aggregator), parse.GetValue(alpha), parse.GetValue(steps), parse.GetValue(seed), parse.GetValue(set) ?? [], parse.GetValue(outDir), CliConfiguration.RunsRoot(configuration));

            var device = Guard(() => TorchRuntime.Configure(CliConfiguration.Torch(configuration)));
            var warmStarts = new WarmStartCache(Path.Combine(CliConfiguration.RunsRoot(configuration), "warm-start"));
            var trainer = new Trainer(options, RlvrTasks.Create(options), device, runDirectory, warmStarts);
            var console = Consoles.For(error);
            console.MarkupLine(Markup.Escape($"run {trainer.RunDirectory}: {options.Aggregator}{options.Aggregator switch { "delta-l" => $" α={options.Alpha.ToString(CultureInfo.InvariantCulture)}", "delta-l-auto" => $" (α = clamp(β̂, 0, 1), probed every {options.AdaptiveAlphaEvery} steps)", _ => "" }}, seed {options.Seed}, {options.Steps} steps, B={options.PromptsPerStep} G={options.GroupSize} M={options.MaxResponseLength}, device {device.type}"));
            var result = RunWithProgress(console, trainer, error);

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

    private static TrainingResult RunWithProgress(IAnsiConsole console, Trainer trainer, TextWriter error)
    {
        if (error != Console.Error || Console.IsErrorRedirected)
        {
            return trainer.Run(new ConsoleTrainingObserver(console, null, null));
        }

        TrainingResult? result = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var warm = context.AddTask("warm start");
                var rl = context.AddTask("RL steps");
                result = trainer.Run(new ConsoleTrainingObserver(console, warm, rl));
                warm.Value = warm.MaxValue;
            });
        return result!;
    }

    private static (TrainingOptions, string) Fresh(string preset, string? task, string? aggregator, double? alpha, int? steps, int? seed, string[] overrides, string? outDir, string runsRoot)
    {
        var options = Guard(() => TrainingPresets.Get(preset));
        options = options with
        {
            Task = task ?? options.Task,
            Aggregator = aggregator is null ? options.Aggregator : LossAggregations.Canonical(aggregator),
            Alpha = alpha ?? options.Alpha,
            Steps = steps ?? options.Steps,
            Seed = seed ?? options.Seed,
        };
        options = Guard(() => TrainingOverrides.Apply(options, overrides.Select(o => TrainingOverrides.Parse(o))).Validate());
        var name = string.Create(CultureInfo.InvariantCulture, $"{options.Aggregator}-a{options.Alpha}-s{options.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}");
        return (options, outDir ?? Path.Combine(runsRoot, name));
    }

    private static (TrainingOptions, string) Resumed(string directory, int? steps)
    {
        var store = new CheckpointStore(Path.Combine(directory, "checkpoints"));
        var checkpoint = store.Latest() ?? throw new UsageException($"--resume: no complete checkpoint under '{directory}'.");
        var options = RunCheckpoint.ReadState(checkpoint).Options;
        return (Guard(() => (options with { Steps = steps ?? options.Steps }).Validate()), directory);
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
