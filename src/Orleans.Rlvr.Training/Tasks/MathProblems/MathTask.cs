using System.Text;
using System.Text.RegularExpressions;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tasks.MathProblems;

/// <summary>
/// Math word problems with a final answer in <c>\boxed{}</c> (<c>math</c>): the prompt is the question and an
/// instruction to box the final answer; the reward is 1 when the last box of the response is equivalent to the
/// reference (<see cref="MathAnswer"/>), <c>task.formatReward</c> for a wrong boxed answer, else 0. The teacher writes
/// the dataset's worked solution (GSM8K calculator annotations removed) ending in the boxed reference. Problems come
/// from a JSONL/Parquet file or are generated (<see cref="MathDataset"/>); the test split is chosen by a hash of the
/// question. Tokenized by the model's tokenizer with a pretrained decoder, else by bytes.
/// </summary>
public sealed partial class MathTask : IRlvrTask
{
    /// <summary>The registry name.</summary>
    public const string TaskName = "math";

    /// <summary>The registry entry: one section for every preset (the file and fields are the user's).</summary>
    public static TaskDescriptor Descriptor { get; } = new(
        TaskName,
        typeof(MathOptions),
        _ => new MathOptions(),
        (options, maxResponseLength, tokenizer) => new MathTask((MathOptions)options, tokenizer, maxResponseLength));

    private readonly Dictionary<TaskSplit, TaskPrompt[]> _splits;
    private readonly Dictionary<string, (string Reference, string Solution)> _answers = new(StringComparer.Ordinal);

    private readonly int _maxResponseLength;

    public MathTask(MathOptions options, ITokenizer? tokenizer = null, int maxResponseLength = 512)
    {
        _maxResponseLength = maxResponseLength;
        options.Validate();
        Options = options;
        Tokenizer = tokenizer ?? new ByteTokenizer();
        var train = new List<TaskPrompt>();
        var test = new List<TaskPrompt>();
        foreach (var (question, answer) in MathDataset.Load(options))
        {
            var text = Prompt(question);
            if (!_answers.TryAdd(text, (MathAnswer.Reference(answer), answer)))
            {
                continue;
            }

            var isTest = Fnv1a(question) % 1_000_000 < options.TestFraction * 1_000_000;
            var split = isTest ? test : train;
            split.Add(new TaskPrompt($"{(isTest ? "test" : "train")}/distinct/{split.Count}", text, [], 0));
        }

        if (train.Count == 0 || test.Count == 0)
        {
            throw new ArgumentException($"task.testFraction: {options.TestFraction} leaves {train.Count} training and {test.Count} test problems; both need at least one.", "task.testFraction");
        }

        var order = train.ToArray();
        new Random(options.DatasetSeed).Shuffle(order);
        _splits = new() { [TaskSplit.Train] = order, [TaskSplit.Test] = [.. test] };
    }

    public string Name => TaskName;

    public MathOptions Options { get; }

    public ITokenizer Tokenizer { get; }

    /// <summary>The prompt for a question.</summary>
    public static string Prompt(string question) => $"{question.Trim()}\nReason step by step, then put the final answer in \\boxed{{}}.";

    public IReadOnlyList<TaskPrompt> Prompts(TaskSplit split, int offset, int count)
    {
        var problems = _splits[split];
        return Enumerable.Range(offset, count).Select(i => problems[i % problems.Length] with { Id = $"{split.ToString().ToLowerInvariant()}/{i}" }).ToArray();
    }

    public IReadOnlyList<TaskPrompt> DistinctPrompts(TaskSplit split) => _splits[split];

    public double Reward(TaskPrompt prompt, string response)
    {
        var boxed = MathAnswer.LastBoxed(response);
        if (boxed is null || !_answers.TryGetValue(prompt.Text, out var answer))
        {
            return 0.0;
        }

        return MathAnswer.Equivalent(boxed, answer.Reference) ? 1.0 : Options.FormatReward;
    }

    /// <summary>
    /// The dataset's worked solution: GSM8K's lines before <c>####</c> (calculator annotations removed) and the boxed
    /// reference, or a solution that has its own box as it is; the boxed reference alone when there is no worked
    /// solution or the worked one would not fit M (counted in UTF-8 bytes, at least one per token).
    /// </summary>
    public string TeacherResponse(TaskPrompt prompt, Random random)
    {
        var (reference, solution) = _answers[prompt.Text];
        var brief = $"The answer is \\boxed{{{reference}}}.";
        var hashes = solution.LastIndexOf("####", StringComparison.Ordinal);
        var worked = hashes >= 0
            ? $"{Annotation().Replace(solution[..hashes], "").Trim()}\n{brief}"
            : MathAnswer.LastBoxed(solution) is not null ? solution.Trim() : brief;
        return Encoding.UTF8.GetByteCount(worked) < _maxResponseLength ? worked : brief;
    }

    /// <summary>FNV-1a over the UTF-8 bytes: a stable hash (string.GetHashCode is randomised per process).</summary>
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    [GeneratedRegex(@"<<[^>]*>>")]
    private static partial Regex Annotation();
}
