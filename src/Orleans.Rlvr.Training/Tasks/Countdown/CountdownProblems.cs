using System.Globalization;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>
/// The seeded problem set: numbers in [1, maxOperand] and a target in [1, maxTarget] reached by some chain of
/// them. A problem belongs to the test split iff a hash of its canonical form (sorted numbers, target) falls
/// in the test fraction, so the splits are disjoint; each split is an endless stream indexed from 0.
/// </summary>
public sealed class CountdownProblems(CountdownOptions options)
{
    private const int HashBuckets = 100_000;

    /// <summary>Problem <paramref name="index"/> of <paramref name="split"/>'s stream.</summary>
    public TaskPrompt Get(TaskSplit split, int index)
    {
        for (var attempt = 0; ; attempt++)
        {
            var random = new Random((int)(StepSeeds.Mix(options.DatasetSeed, index, ((long)split << 32) | (uint)attempt) & int.MaxValue));
            var count = random.Next(options.MinNumbers, options.MaxNumbers + 1);
            var numbers = Enumerable.Range(0, count).Select(_ => random.Next(1, options.MaxOperand + 1)).ToArray();
            var operators = Enumerable.Range(0, count - 1).Select(_ => options.Operators[random.Next(options.Operators.Length)]).ToArray();
            var chain = CountdownChain.Fold(numbers, operators);
            if (chain is null || chain.Value < 1 || chain.Value > options.MaxTarget || SplitOf(numbers, chain.Value) != split)
            {
                continue;
            }

            var text = $"{string.Join(' ', numbers)}>{chain.Value.ToString(CultureInfo.InvariantCulture)}:";
            return new TaskPrompt($"{split.ToString().ToLowerInvariant()}/{index}", text, numbers, chain.Value);
        }
    }

    /// <summary>Which split a problem belongs to, from its canonical form alone.</summary>
    public TaskSplit SplitOf(IReadOnlyList<int> numbers, int target)
    {
        var hash = 17L;
        foreach (var number in numbers.Order())
        {
            hash = StepSeeds.Mix(hash, number, 1);
        }

        hash = StepSeeds.Mix(hash, target, options.DatasetSeed);
        return hash % HashBuckets < options.TestFraction * HashBuckets ? TaskSplit.Test : TaskSplit.Train;
    }
}
