using System.CommandLine;
using System.Text.Json;
using Orleans.Rlvr.Training.Tasks.MathProblems;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr task-data --count N --seed S --out FILE.jsonl</c>: writes generated arithmetic word problems in GSM8K's
/// JSONL shape (<c>{"question": ..., "answer": "...\n#### N"}</c>), the format the <c>math</c> task reads with
/// <c>--set task.file=FILE</c>; tests use such a file.
/// </summary>
public static class TaskDataCommand
{
    public static Command Create(TextWriter output)
    {
        var count = new Option<int>("--count") { Description = "Problems to write (1–100000).", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator.", DefaultValueFactory = _ => 7 };
        var outFile = new Option<string>("--out") { Description = "The JSONL file to write (must not exist).", Required = true };
        var command = new Command("task-data", "Write generated arithmetic word problems as JSONL (question, answer ending in #### N) for the math task.")
        {
            count, seed, outFile,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(count) is < 1 or > 100_000)
            {
                throw new UsageException($"--count must be in [1, 100000] (got {parse.GetValue(count)}).");
            }

            var path = OutputPaths.File("--out", parse.GetValue(outFile)!);
            if (File.Exists(path))
            {
                throw new UsageException($"--out: '{path}' exists; give a new file.");
            }

            var lines = ArithmeticWordProblems.Generate(parse.GetValue(count), parse.GetValue(seed))
                .Select(p => JsonSerializer.Serialize(new Dictionary<string, string> { ["question"] = p.Question, ["answer"] = p.Answer }));
            File.WriteAllLines(path, lines);
            output.WriteLine($"wrote {parse.GetValue(count)} problems to {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }
}
