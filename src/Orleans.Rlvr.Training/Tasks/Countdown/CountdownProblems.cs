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

    /// <summary>Most chains <see cref="Distinct"/> will enumerate; beyond it the problem space counts as too large.</summary>
    public const long MaxEnumeratedChains = 20_000_000;

    /// <summary>
    /// Every distinct problem (multiset of numbers, target) of <paramref name="split"/> once, ordered by the sorted
    /// numbers, then the target; the numbers of each are shown in an order drawn from the problem itself, as a
    /// stream's prompts show them in the order they were drawn. Throws when the space is too large to enumerate.
    /// </summary>
    public IReadOnlyList<TaskPrompt> Distinct(TaskSplit split)
    {
        var chains = 0L;
        for (var count = options.MinNumbers; count <= options.MaxNumbers; count++)
        {
            chains += Multisets(options.MaxOperand, count) * Factorial(count) * (long)Math.Pow(options.Operators.Length, count - 1);
        }

        if (chains > MaxEnumeratedChains)
        {
            throw new InvalidOperationException(
                $"task: the problem space ({options.MinNumbers}–{options.MaxNumbers} numbers in 1–{options.MaxOperand}, operators \"{options.Operators}\") has ~{chains:N0} chains, too many to list every distinct problem (at most {MaxEnumeratedChains:N0}); set evaluation.prompts to a count instead of 0.");
        }

        var prompts = new List<TaskPrompt>();
        for (var count = options.MinNumbers; count <= options.MaxNumbers; count++)
        {
            foreach (var numbers in SortedMultisets(count, 1))
            {
                var targets = CountdownChain.All(numbers, options.Operators).Select(c => c.Value).Where(v => v >= 1 && v <= options.MaxTarget).Distinct().Order();
                foreach (var target in targets.Where(t => SplitOf(numbers, t) == split))
                {
                    var shown = numbers.ToArray();
                    new Random((int)(StepSeeds.Mix(options.DatasetSeed, target, shown.Aggregate(17L, (h, n) => h * 31 + n)) & int.MaxValue)).Shuffle(shown);
                    var text = $"{string.Join(' ', shown)}>{target.ToString(CultureInfo.InvariantCulture)}:";
                    prompts.Add(new TaskPrompt($"{split.ToString().ToLowerInvariant()}/distinct/{prompts.Count}", text, shown, target));
                }
            }
        }

        return prompts;
    }

    private IEnumerable<int[]> SortedMultisets(int count, int from)
    {
        if (count == 0)
        {
            yield return [];
            yield break;
        }

        for (var first = from; first <= options.MaxOperand; first++)
        {
            foreach (var rest in SortedMultisets(count - 1, first))
            {
                yield return [first, .. rest];
            }
        }
    }

    private static long Multisets(int values, int count)
    {
        // C(values + count − 1, count)
        var result = 1.0;
        for (var i = 1; i <= count; i++)
        {
            result = result * (values + i - 1) / i;
        }

        return (long)Math.Round(result);
    }

    private static long Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

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
