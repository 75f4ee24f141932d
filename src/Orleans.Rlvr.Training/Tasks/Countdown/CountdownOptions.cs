using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>The CountDown task's section of the run options: difficulty knobs and its noisy teacher.</summary>
[GenerateSerializer, Immutable, Alias("rlvr.CountdownOptions")]
public record CountdownOptions : TaskOptions
{
    /// <summary>The task's registry name.</summary>
    [JsonIgnore]
    public override string Name => CountdownTask.TaskName;

    /// <summary>Seeds the problem set; the same for every run so that runs are compared on the same data.</summary>
    [Id(0)] public int DatasetSeed { get; init; } = 2025;

    /// <summary>Fewest numbers in a problem.</summary>
    [Id(1)] public int MinNumbers { get; init; } = 3;

    /// <summary>Most numbers in a problem.</summary>
    [Id(2)] public int MaxNumbers { get; init; } = 4;

    /// <summary>Numbers are drawn from [1, MaxOperand].</summary>
    [Id(3)] public int MaxOperand { get; init; } = 9;

    /// <summary>Targets are in [1, MaxTarget].</summary>
    [Id(4)] public int MaxTarget { get; init; } = 50;

    /// <summary>Share of problems held out for evaluation (chosen by a hash of the problem, so never in both splits).</summary>
    [Id(5)] public double TestFraction { get; init; } = 0.1;

    /// <summary>The operators chains may use, from "+-*/" (division only when exact).</summary>
    [Id(6)] public string Operators { get; init; } = "+-*";

    /// <summary>How often the teacher gives up early: it declares a random attempt found, right or not.</summary>
    [Id(7)] public double TeacherErrorRate { get; init; } = 0.1;

    /// <summary>The most attempts the teacher makes; when they run out (or M would be exceeded) its last attempt is its answer.</summary>
    [Id(8)] public int MaxAttempts { get; init; } = 10;

    /// <summary>Reward for a well-formed but wrong answer; 0 turns the format reward off.</summary>
    [Id(9)] public double FormatReward { get; init; }

    /// <summary>
    /// The teacher's hazard h: after each attempt that missed, it declares that attempt found with probability h
    /// (a wrong answer). Its failures are then decisions to stop, which RL can unlearn, not a lack of skill.
    /// </summary>
    [Id(10)] public double TeacherHazard { get; init; }

    /// <summary>
    /// Reward 1 only when the trace's found attempt also shows the target with right arithmetic (not just a right
    /// answer after a scratch trace), so that a response cannot win by declaring found at a miss.
    /// </summary>
    [Id(11)] public bool VerifyTrace { get; init; }

    /// <summary>
    /// Share of responses in which the teacher guesses: it declares its first attempt found, right or not, instead of
    /// searching. Beside a low <see cref="TeacherHazard"/> this makes its stopping bimodal (one-attempt guesses next to
    /// long searches), so a group mixes short and long responses and RL can win by not guessing.
    /// </summary>
    [Id(12)] public double TeacherGuessRate { get; init; }

    /// <summary>
    /// Everything but the format reward and trace verification, which change rewards and not the teacher's traces; the
    /// guess rate only when set, so the keys (and cached warm starts) of options without it did not change when it came.
    /// </summary>
    public override object WarmStartKey()
    {
        var key = JsonSerializer.SerializeToNode<TaskOptions>(this with { FormatReward = 0, VerifyTrace = false }, RlvrJson.Compact)!.AsObject();
        if (TeacherGuessRate == 0)
        {
            key.Remove(JsonNamingPolicy.CamelCase.ConvertName(nameof(TeacherGuessRate)));
        }

        return key;
    }

    /// <summary>No early stop, no hazard and no guesses: the teacher searches until it finds the target or runs out of attempts or room.</summary>
    public override TaskOptions PatientTeacher() => this with { TeacherErrorRate = 0, TeacherHazard = 0, TeacherGuessRate = 0 };

    public override void Validate()
    {
        Guard.Range("task.minNumbers", MinNumbers, 2, 6);
        Guard.Range("task.maxNumbers", MaxNumbers, MinNumbers, 6);
        Guard.Range("task.maxOperand", MaxOperand, 2, 999);
        Guard.Range("task.maxTarget", MaxTarget, 1, 99_999);
        Guard.Range("task.testFraction", TestFraction, 0.001, 0.5);
        Guard.Range("task.teacherErrorRate", TeacherErrorRate, 0.0, 1.0);
        Guard.Range("task.maxAttempts", MaxAttempts, 1, 64);
        if (Operators.Length == 0 || Operators.Any(op => "+-*/".IndexOf(op) < 0) || Operators.Distinct().Count() != Operators.Length)
        {
            throw new ArgumentOutOfRangeException("task.operators", Operators, "task.operators must be distinct characters from \"+-*/\".");
        }
        Guard.Range("task.formatReward", FormatReward, 0.0, 0.99);
        Guard.Range("task.teacherHazard", TeacherHazard, 0.0, 0.99);
        Guard.Range("task.teacherGuessRate", TeacherGuessRate, 0.0, 0.99);
    }
}
