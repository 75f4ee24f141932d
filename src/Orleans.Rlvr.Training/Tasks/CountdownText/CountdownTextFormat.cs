using System.Text.RegularExpressions;
using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Tasks.CountdownText;

/// <summary>
/// CountDown in the text form RLVR recipes use for pretrained models: a natural-language prompt, and a response that
/// reasons inside <c>&lt;think&gt; &lt;/think&gt;</c> and gives the equation inside <c>&lt;answer&gt; &lt;/answer&gt;</c>.
/// The teacher's compact search trace goes inside the think tags, so the compact verifier (and trace verification)
/// applies to the text form unchanged: <see cref="Compact"/> maps a response back to think + '#' + answer.
/// </summary>
public static partial class CountdownTextFormat
{
    /// <summary>The tags and newline a teacher response adds around its compact trace and answer: 7 + 17 + 9 characters.</summary>
    public const int Overhead = 33;

    /// <summary>The prompt for a problem.</summary>
    public static string Prompt(IReadOnlyList<int> numbers, int target, string operators) =>
        $"Reach {target} with the numbers {string.Join(", ", numbers)}: combine every number exactly once using {Operators(operators)}. " +
        "Reason inside <think> </think>, then write only the equation inside <answer> </answer>, for example <answer>(1 + 2) * 3</answer>.";

    /// <summary>The text form of a compact response ("steps!steps.#expr").</summary>
    public static string Response(string compact)
    {
        var marker = compact.LastIndexOf(CountdownVerifier.AnswerMarker);
        var (think, answer) = marker < 0 ? (compact, "") : (compact[..marker], compact[(marker + 1)..]);
        return $"<think>{think}</think>\n<answer>{answer}</answer>";
    }

    /// <summary>
    /// The compact form of a text response: the first think block's text, '#', then the last answer block's text with
    /// whitespace removed; null when there is no complete answer block (no reward).
    /// </summary>
    public static string? Compact(string response)
    {
        var answers = AnswerBlock().Matches(response);
        if (answers.Count == 0)
        {
            return null;
        }

        var think = ThinkBlock().Match(response) is { Success: true } t ? t.Groups[1].Value : "";
        var answer = Whitespace().Replace(answers[^1].Groups[1].Value, "");
        return $"{think}{CountdownVerifier.AnswerMarker}{answer}";
    }

    private static string Operators(string operators)
    {
        var names = operators.Select(op => op.ToString()).ToArray();
        return names.Length == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }

    [GeneratedRegex(@"<answer>(.*?)</answer>", RegexOptions.Singleline)]
    private static partial Regex AnswerBlock();

    [GeneratedRegex(@"<think>(.*?)</think>", RegexOptions.Singleline)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
