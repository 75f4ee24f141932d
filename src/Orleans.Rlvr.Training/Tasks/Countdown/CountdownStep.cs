namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>One arithmetic step of a chain: left op right = result.</summary>
public readonly record struct CountdownStep(int Left, char Op, int Right, int Result)
{
    /// <summary>The step's result when it is allowed (non-negative, exact division), else null.</summary>
    public static int? Apply(int left, char op, int right) => op switch
    {
        '+' => left + right,
        '-' => left >= right ? left - right : null,
        '*' => left * right,
        '/' => right != 0 && left % right == 0 ? left / right : null,
        _ => null,
    };

    /// <summary>Whether <see cref="Result"/> is what the step's operation gives (a written step may be wrong).</summary>
    public bool IsRight => Apply(Left, Op, Right) == Result;

    public override string ToString() => $"{Left}{Op}{Right}={Result}";
}
