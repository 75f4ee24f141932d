using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Cli.Rendering;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Variance;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr task-stats [--preset P] [--set path=value]... [--prompts N] [--group G] [--json]</c>: the task of a preset
/// before any training: its distinct train and test problems, the teacher's accuracy (the warm start's ceiling), the
/// accuracy of a teacher that never gives up early (RL's ceiling) and the teacher's trace lengths within groups; with
/// <c>--warm-start</c> also the warm-start policy's accuracy on train and test (avg@k, pass@k, greedy), against the
/// teacher's.
/// </summary>
public static class TaskStatsCommand
{
    public static Command Create(TextWriter output, TextWriter? error = null)
    {
        var preset = new Option<string>("--preset") { Description = "Preset whose task settings to use.", DefaultValueFactory = _ => "reference" };
        var set = new Option<string[]>("--set") { Description = "Override an option: path=value (as in rlvr train), repeatable.", AllowMultipleArgumentsPerToken = false };
        var prompts = new Option<int>("--prompts") { Description = "Train prompts to sample.", DefaultValueFactory = _ => 500 };
        var group = new Option<int>("--group") { Description = "Teacher traces per prompt (G).", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var warmStart = new Option<bool>("--warm-start") { Description = "Also evaluate the preset's warm-start policy (trained, or from the warm-start cache) on the train and test splits." };
        var k = new Option<int>("--k") { Description = "Samples per problem for the warm start's avg@k and pass@k (with --warm-start).", DefaultValueFactory = _ => 8 };
        var evaluated = new Option<int>("--evaluate") { Description = "Prompts per split for --warm-start: 0 = every distinct problem once; N = the first N prompts of the split's stream, where problems can repeat.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int?>("--seed") { Description = "Run seed of the warm start (default: the preset's)." };
        var command = new Command("task-stats", "Measure a preset's task before training: distinct problems, the teacher's accuracy and RL's ceiling, trace lengths.")
        {
            preset, set, prompts, group, json, warmStart, k, evaluated, seed,
        };
        command.SetAction(parse =>
        {
            var count = parse.GetValue(prompts);
            var size = parse.GetValue(group);
            if (count < 1 || size < 1)
            {
                throw new UsageException($"--prompts and --group must be ≥ 1 (got {count} and {size}).");
            }

            if (parse.GetValue(k) is < 1 or > 256 || parse.GetValue(evaluated) is < 0 or > 100_000)
            {
                throw new UsageException($"--k must be in [1, 256] and --evaluate in [0, 100000] (got {parse.GetValue(k)} and {parse.GetValue(evaluated)}).");
            }

            RunOptions options;
            try
            {
                options = TrainingPresets.Get(parse.GetValue(preset)!);
                options = TrainingOverrides.Apply(options, (parse.GetValue(set) ?? []).Select(o => TrainingOverrides.Parse(o)));
                options = RunOptionsValidation.Validate(options with { Seed = parse.GetValue(seed) ?? options.Seed });
            }
            catch (ArgumentException e)
            {
                throw UsageException.From(e);
            }

            var task = RlvrTasks.Create(options);
            var patient = RlvrTasks.Create(options with { Task = options.Task.PatientTeacher() });
            var (lengths, teacher) = LengthDistribution.OfTeacher(task, count, size, seed: 1);
            var (_, ceiling) = LengthDistribution.OfTeacher(patient, count, size, seed: 1);
            int? distinctTrain = null, distinctTest = null;
            string? distinctError = null;
            try
            {
                distinctTrain = task.DistinctPrompts(TaskSplit.Train).Count;
                distinctTest = task.DistinctPrompts(TaskSplit.Test).Count;
            }
            catch (InvalidOperationException e)
            {
                distinctError = e.Message;
            }

            (EvaluationResult Train, EvaluationResult Test)? student = parse.GetValue(warmStart) ? WarmStartAccuracy(options, task, parse.GetValue(k), parse.GetValue(evaluated), error ?? TextWriter.Null) : null;
            if (parse.GetValue(json))
            {
                output.WriteLine(new JsonObject
                {
                    ["warmStart"] = student is null ? null : new JsonObject
                    {
                        ["seed"] = options.WarmStart.SeedFor(options.Seed),
                        ["steps"] = options.WarmStart.Steps,
                        ["k"] = student.Value.Train.K,
                        ["train"] = Accuracy(student.Value.Train),
                        ["test"] = Accuracy(student.Value.Test),
                    },
                    ["task"] = options.Task.Name,
                    ["distinctTrain"] = distinctTrain,
                    ["distinctTest"] = distinctTest,
                    ["teacherAccuracy"] = teacher,
                    ["neverStopEarlyAccuracy"] = ceiling,
                    ["prompts"] = count,
                    ["groupSize"] = size,
                    ["maxResponseLength"] = options.Rollout.MaxResponseLength,
                    ["lengthMin"] = lengths.Min,
                    ["lengthMedian"] = lengths.Median,
                    ["lengthMax"] = lengths.Max,
                    ["lengthMean"] = lengths.Mean,
                    ["groupMaxOverMinMedian"] = lengths.MedianGroupRatio,
                }.ToJsonString());
                return 0;
            }

            output.WriteLine(Invariant($"{options.Task.Name}: {count} train prompts × G={size}, M={options.Rollout.MaxResponseLength}"));
            output.WriteLine(distinctError ?? Invariant($"distinct problems: {distinctTrain} train, {distinctTest} test"));
            output.WriteLine(Invariant($"teacher accuracy {teacher:P1} (the warm start's ceiling); never stopping early (no guess, no give-up) {ceiling:P1} (RL's ceiling)"));
            output.WriteLine(Invariant($"response length (tokens, EOS included): min {lengths.Min}, p10 {lengths.P10}, median {lengths.Median}, p90 {lengths.P90}, max {lengths.Max}, mean {lengths.Mean:F1}"));
            output.WriteLine(Invariant($"within-group max/min length: median {lengths.MedianGroupRatio:F2}x, mean {lengths.MeanGroupRatio:F2}x"));
            if (student is { } s)
            {
                foreach (var (name, result) in new[] { ("train", s.Train), ("test", s.Test) })
                {
                    output.WriteLine(Invariant(
                        $"warm start (seed {options.WarmStart.SeedFor(options.Seed)}, {options.WarmStart.Steps} steps) on {result.Prompts} {name} problems: avg@{result.K} {result.AverageAtK:P1}, pass@{result.K} {result.PassAtK:P1}, greedy {result.GreedyAccuracy:P1} (teacher {teacher:P1})"));
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>The warm-start policy of <paramref name="options"/> (from the cache when a run already trained it) evaluated on both splits.</summary>
    private static (EvaluationResult Train, EvaluationResult Test) WarmStartAccuracy(RunOptions options, IRlvrTask task, int k, int problems, TextWriter error)
    {
        var configuration = CliConfiguration.Load();
        var device = TorchRuntime.Configure(CliConfiguration.Torch(configuration));
        var cache = new WarmStartCache(Path.Combine(CliConfiguration.RunsRoot(configuration), "warm-start"));
        using var policy = StudyPolicy.WarmStarted(options, device, cache, new VarianceProgressLines(Consoles.For(error)));
        var evaluation = options with { Evaluation = options.Evaluation with { Prompts = problems, Samples = k } };
        return (new Evaluator(task, evaluation, TaskSplit.Train).Evaluate(policy.Policy, 0), new Evaluator(task, evaluation, TaskSplit.Test).Evaluate(policy.Policy, 0));
    }

    private static JsonObject Accuracy(EvaluationResult result) => new()
    {
        ["problems"] = result.Prompts,
        ["averageAtK"] = result.AverageAtK,
        ["passAtK"] = result.PassAtK,
        ["greedyAccuracy"] = result.GreedyAccuracy,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
