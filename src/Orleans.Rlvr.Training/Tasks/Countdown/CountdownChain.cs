namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>
/// An attempt of the search: the numbers in some order folded left to right, ((n₀ op₁ n₁) op₂ n₂) ..., written as
/// steps "7*3=21,21+2=23" and answered as the expression "(7*3)+2".
/// </summary>
public sealed class CountdownChain
{
    private CountdownChain(IReadOnlyList<CountdownStep> steps) => Steps = steps;

    public IReadOnlyList<CountdownStep> Steps { get; }

    /// <summary>The chain's final value.</summary>
    public int Value => Steps[^1].Result;

    /// <summary>Folds the numbers in the given order with the given operators; null when a step is not allowed.</summary>
    public static CountdownChain? Fold(IReadOnlyList<int> numbers, IReadOnlyList<char> operators)
    {
        var steps = new List<CountdownStep>(numbers.Count - 1);
        var value = numbers[0];
        for (var i = 1; i < numbers.Count; i++)
        {
            if (CountdownStep.Apply(value, operators[i - 1], numbers[i]) is not { } result)
            {
                return null;
            }

            steps.Add(new CountdownStep(value, operators[i - 1], numbers[i], result));
            value = result;
        }

        return new CountdownChain(steps);
    }

    /// <summary>Every allowed chain over all orders of the numbers and the given operators.</summary>
    public static IEnumerable<CountdownChain> All(IReadOnlyList<int> numbers, string operators)
    {
        foreach (var order in Permutations(numbers.ToArray(), 0))
        {
            var operatorCount = numbers.Count - 1;
            var combinations = (int)Math.Pow(operators.Length, operatorCount);
            for (var code = 0; code < combinations; code++)
            {
                var chosen = new char[operatorCount];
                for (int k = 0, c = code; k < operatorCount; k++, c /= operators.Length)
                {
                    chosen[k] = operators[c % operators.Length];
                }

                if (Fold(order, chosen) is { } chain)
                {
                    yield return chain;
                }
            }
        }
    }

    /// <summary>The steps as written in a trace: "7*3=21,21+2=23".</summary>
    public string StepsText() => string.Join(',', Steps);

    /// <summary>The answer expression: "((7*3)+2)+8".</summary>
    public string Expression()
    {
        var expression = $"{Steps[0].Left}{Steps[0].Op}{Steps[0].Right}";
        foreach (var step in Steps.Skip(1))
        {
            expression = $"({expression}){step.Op}{step.Right}";
        }

        return expression;
    }

    private static IEnumerable<int[]> Permutations(int[] items, int start)
    {
        if (start == items.Length - 1)
        {
            yield return (int[])items.Clone();
            yield break;
        }

        var seen = new HashSet<int>();
        for (var i = start; i < items.Length; i++)
        {
            if (!seen.Add(items[i]))
            {
                continue;   // equal numbers: each distinct order once
            }

            (items[start], items[i]) = (items[i], items[start]);
            foreach (var permutation in Permutations(items, start + 1))
            {
                yield return permutation;
            }

            (items[start], items[i]) = (items[i], items[start]);
        }
    }
}
