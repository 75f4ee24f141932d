using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr task-stats [--preset P] [--set path=value]... [--prompts N] [--group G] [--json]</c>: the task of a preset
/// before any training: its distinct train and test problems, the teacher's accuracy (the warm start's ceiling), the
/// accuracy of a teacher that never gives up early (RL's ceiling) and the teacher's trace lengths within groups.
/// </summary>
public static class TaskStatsCommand
{
    public static Command Create(TextWriter output)
    {
        var preset = new Option<string>("--preset") { Description = "Preset whose task settings to use.", DefaultValueFactory = _ => "reference" };
        var set = new Option<string[]>("--set") { Description = "Override an option: path=value (as in rlvr train), repeatable.", AllowMultipleArgumentsPerToken = false };
        var prompts = new Option<int>("--prompts") { Description = "Train prompts to sample.", DefaultValueFactory = _ => 500 };
        var group = new Option<int>("--group") { Description = "Teacher traces per prompt (G).", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var command = new Command("task-stats", "Measure a preset's task before training: distinct problems, the teacher's accuracy and RL's ceiling, trace lengths.")
        {
            preset, set, prompts, group, json,
        };
        command.SetAction(parse =>
        {
            var count = parse.GetValue(prompts);
            var size = parse.GetValue(group);
            if (count < 1 || size < 1)
            {
                throw new UsageException($"--prompts and --group must be ≥ 1 (got {count} and {size}).");
            }

            RunOptions options;
            try
            {
                options = TrainingPresets.Get(parse.GetValue(preset)!);
                options = TrainingOverrides.Apply(options, (parse.GetValue(set) ?? []).Select(o => TrainingOverrides.Parse(o)));
                options = RunOptionsValidation.Validate(options);
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

            if (parse.GetValue(json))
            {
                output.WriteLine(new JsonObject
                {
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
            output.WriteLine(Invariant($"teacher accuracy {teacher:P1} (the warm start's ceiling); never giving up early {ceiling:P1} (RL's ceiling)"));
            output.WriteLine(Invariant($"response length (tokens, EOS included): min {lengths.Min}, p10 {lengths.P10}, median {lengths.Median}, p90 {lengths.P90}, max {lengths.Max}, mean {lengths.Mean:F1}"));
            output.WriteLine(Invariant($"within-group max/min length: median {lengths.MedianGroupRatio:F2}x, mean {lengths.MeanGroupRatio:F2}x"));
            return 0;
        });
        return command;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
