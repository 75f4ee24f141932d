using System.Globalization;

namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>
/// Reads CountDown search traces ("a+b=c,c-d=e!…,x*y=z.#expr") to separate a lack of skill from a bad decision:
/// <see cref="StepAccuracy"/>, the share of written steps "a op b=c" whose c is right; <see cref="FalseFound"/>, the
/// share of responses that declared an attempt found ('.') although its last written value is not the target (the
/// decision the hazard teacher teaches, and RL can unlearn); <see cref="Attempts"/>, the mean attempts per response.
/// </summary>
public static class CountdownTraceDiagnostics
{
    public const string StepAccuracy = "countdown/step_accuracy";
    public const string FalseFound = "countdown/false_found";
    public const string Attempts = "countdown/attempts";

    public static IReadOnlyDictionary<string, double> Diagnose(IEnumerable<(TaskPrompt Prompt, string Response)> responses)
    {
        long steps = 0, correctSteps = 0, responsesSeen = 0, declared = 0, falseDeclared = 0, attempts = 0;
        foreach (var (prompt, response) in responses)
        {
            responsesSeen++;
            var trace = response.Split(CountdownVerifier.AnswerMarker)[0];
            var found = trace.EndsWith(CountdownTeacher.Found);
            var written = trace.TrimEnd(CountdownTeacher.Found).Split(CountdownTeacher.Failed, StringSplitOptions.RemoveEmptyEntries);
            attempts += written.Length;
            int? lastValue = null;
            foreach (var attempt in written)
            {
                lastValue = null;
                foreach (var step in attempt.Split(','))
                {
                    if (Parse(step) is not { } parsed)
                    {
                        continue;
                    }

                    steps++;
                    correctSteps += CountdownStep.Apply(parsed.Left, parsed.Op, parsed.Right) == parsed.Result ? 1 : 0;
                    lastValue = parsed.Result;
                }
            }

            if (found)
            {
                declared++;
                falseDeclared += lastValue != prompt.Target ? 1 : 0;
            }
        }

        return new Dictionary<string, double>
        {
            [StepAccuracy] = steps > 0 ? (double)correctSteps / steps : double.NaN,
            [FalseFound] = responsesSeen > 0 ? (double)falseDeclared / responsesSeen : double.NaN,
            [Attempts] = responsesSeen > 0 ? (double)attempts / responsesSeen : double.NaN,
        };
    }

    /// <summary>"a op b=c" with integers; null for anything else.</summary>
    private static (int Left, char Op, int Right, int Result)? Parse(string step)
    {
        var equals = step.IndexOf('=');
        if (equals <= 1 || equals == step.Length - 1)
        {
            return null;
        }

        var op = step.IndexOfAny(['+', '-', '*', '/'], 1);
        if (op <= 0 || op >= equals - 1)
        {
            return null;
        }

        return int.TryParse(step.AsSpan(0, op), NumberStyles.None, CultureInfo.InvariantCulture, out var left)
            && int.TryParse(step.AsSpan(op + 1, equals - op - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var right)
            && int.TryParse(step.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var result)
            ? (left, step[op], right, result)
            : null;
    }
}
