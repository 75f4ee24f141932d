using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>The CountDown task's difficulty knobs and its noisy teacher.</summary>
public sealed record CountdownOptions
{
    /// <summary>Seeds the problem set; the same for every run so that runs are compared on the same data.</summary>
    public int DatasetSeed { get; init; } = 2025;

    /// <summary>Fewest numbers in a problem.</summary>
    public int MinNumbers { get; init; } = 3;

    /// <summary>Most numbers in a problem.</summary>
    public int MaxNumbers { get; init; } = 4;

    /// <summary>Numbers are drawn from [1, MaxOperand].</summary>
    public int MaxOperand { get; init; } = 9;

    /// <summary>Targets are in [1, MaxTarget].</summary>
    public int MaxTarget { get; init; } = 50;

    /// <summary>Share of problems held out for evaluation (chosen by a hash of the problem, so never in both splits).</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>The operators chains may use, from "+-*/" (division only when exact).</summary>
    public string Operators { get; init; } = "+-*";

    /// <summary>How often the teacher gives up early: it declares a random attempt found, right or not.</summary>
    public double TeacherErrorRate { get; init; } = 0.1;

    /// <summary>The most attempts the teacher makes; when they run out (or M would be exceeded) its last attempt is its answer.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Reward for a well-formed but wrong answer; 0 turns the format reward off.</summary>
    public double FormatReward { get; init; }

    public CountdownOptions Validate()
    {
        OptionsGuard.Range("countdown.minNumbers", MinNumbers, 2, 6);
        OptionsGuard.Range("countdown.maxNumbers", MaxNumbers, MinNumbers, 6);
        OptionsGuard.Range("countdown.maxOperand", MaxOperand, 2, 999);
        OptionsGuard.Range("countdown.maxTarget", MaxTarget, 1, 99_999);
        OptionsGuard.Range("countdown.testFraction", TestFraction, 0.001, 0.5);
        OptionsGuard.Range("countdown.teacherErrorRate", TeacherErrorRate, 0.0, 1.0);
        OptionsGuard.Range("countdown.maxAttempts", MaxAttempts, 1, 64);
        if (Operators.Length == 0 || Operators.Any(op => "+-*/".IndexOf(op) < 0) || Operators.Distinct().Count() != Operators.Length)
        {
            throw new ArgumentOutOfRangeException("countdown.operators", Operators, "countdown.operators must be distinct characters from \"+-*/\".");
        }
        OptionsGuard.Range("countdown.formatReward", FormatReward, 0.0, 0.99);
        return this;
    }
}
