using System.CommandLine;
using System.Globalization;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary><c>rlvr task-stats [--preset P] [--prompts N] [--group G]</c>: the teacher's accuracy and trace-length distribution.</summary>
public static class TaskStatsCommand
{
    public static Command Create(TextWriter output)
    {
        var preset = new Option<string>("--preset") { Description = "Preset whose task settings to use.", DefaultValueFactory = _ => "quick" };
        var prompts = new Option<int>("--prompts") { Description = "Train prompts to sample.", DefaultValueFactory = _ => 500 };
        var group = new Option<int>("--group") { Description = "Teacher traces per prompt (G).", DefaultValueFactory = _ => 8 };
        var command = new Command("task-stats", "Measure the task's teacher: accuracy and response-length distribution within groups.") { preset, prompts, group };
        command.SetAction(parse =>
        {
            RunOptions options;
            try
            {
                options = TrainingPresets.Get(parse.GetValue(preset)!);
            }
            catch (ArgumentException e)
            {
                throw UsageException.From(e);
            }

            var count = parse.GetValue(prompts);
            var size = parse.GetValue(group);
            if (count < 1 || size < 1)
            {
                throw new UsageException("--prompts and --group must be ≥ 1.");
            }

            var (lengths, accuracy) = LengthDistribution.OfTeacher(RlvrTasks.Create(options), count, size, seed: 1);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Task}: {count} prompts × G={size}, M={options.Rollout.MaxResponseLength}: teacher accuracy {accuracy:P1}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"response length (tokens, EOS included): min {lengths.Min}, p10 {lengths.P10}, median {lengths.Median}, p90 {lengths.P90}, max {lengths.Max}, mean {lengths.Mean:F1}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"within-group max/min length: median {lengths.MedianGroupRatio:F2}x, mean {lengths.MeanGroupRatio:F2}x"));
            return 0;
        });
        return command;
    }
}
