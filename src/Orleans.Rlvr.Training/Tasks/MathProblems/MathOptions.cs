using System.Text.Json.Serialization;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tasks.MathProblems;

/// <summary>
/// The <c>math</c> task's section of the run options: where the problems come from (a JSONL or Parquet file, or the
/// generated arithmetic word problems), which fields hold question and answer, and how the test split is drawn.
/// </summary>
[GenerateSerializer, Immutable, Alias("rlvr.MathOptions")]
public sealed record MathOptions : TaskOptions
{
    /// <summary>The task's registry name.</summary>
    [JsonIgnore]
    public override string Name => MathTask.TaskName;

    /// <summary>
    /// A <c>.jsonl</c> or <c>.parquet</c> file of problems (one object or row each); empty (default): 2,000 generated
    /// arithmetic word problems (<see cref="ArithmeticWordProblems"/>).
    /// </summary>
    [Id(0)] public string File { get; init; } = "";

    /// <summary>The field holding the problem text. Default <c>question</c> (GSM8K); MATH uses <c>problem</c>.</summary>
    [Id(1)] public string QuestionField { get; init; } = "question";

    /// <summary>
    /// The field holding the answer: a worked solution ending in <c>#### N</c> (GSM8K), one with a <c>\boxed{}</c>
    /// (MATH), or the bare answer. Default <c>answer</c>.
    /// </summary>
    [Id(2)] public string AnswerField { get; init; } = "answer";

    /// <summary>Share of problems held out for evaluation (by a hash of the question, so never in both splits).</summary>
    [Id(3)] public double TestFraction { get; init; } = 0.1;

    /// <summary>Seeds the order of the training stream (and the generated problems).</summary>
    [Id(4)] public int DatasetSeed { get; init; } = 2025;

    /// <summary>Reward for a response with a \boxed{} answer that is wrong; 0 (default) turns the format reward off.</summary>
    [Id(5)] public double FormatReward { get; init; }

    public override void Validate()
    {
        if (File.Length > 0 && !(File.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || File.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"task.file: '{File}' must be a .jsonl or .parquet file (or empty for the generated problems).", "task.file");
        }

        if (string.IsNullOrWhiteSpace(QuestionField) || string.IsNullOrWhiteSpace(AnswerField))
        {
            throw new ArgumentException("task.questionField and task.answerField must name fields of the file.", string.IsNullOrWhiteSpace(QuestionField) ? "task.questionField" : "task.answerField");
        }

        Guard.Range("task.testFraction", TestFraction, 0.001, 0.5);
        Guard.Range("task.formatReward", FormatReward, 0.0, 0.99);
    }
}
