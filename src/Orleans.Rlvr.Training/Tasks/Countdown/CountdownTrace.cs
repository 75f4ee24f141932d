using System.Globalization;

namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>
/// A CountDown response read as the search trace it is meant to be: attempts separated by '!' (missed), the last one
/// ended by '.' when it is declared found, then '#' and the answer. Each attempt is steps "a op b=c" separated by ','
/// (<see cref="Steps"/> keeps the ones that parse).
/// </summary>
/// <param name="Attempts">The written attempts, each as its parsed steps.</param>
/// <param name="DeclaredFound">Whether the last attempt ends with '.'.</param>
public sealed record CountdownTrace(IReadOnlyList<IReadOnlyList<CountdownStep>> Attempts, bool DeclaredFound)
{
    /// <summary>Every parsed step of every attempt.</summary>
    public IEnumerable<CountdownStep> Steps => Attempts.SelectMany(a => a);

    /// <summary>The value the last attempt's last step writes; null when it has none.</summary>
    public int? LastValue => Attempts.Count > 0 && Attempts[^1].Count > 0 ? Attempts[^1][^1].Result : null;

    /// <summary>Whether the found attempt shows the target with every step's arithmetic right.</summary>
    public bool ShowsTarget(int target) =>
        DeclaredFound && LastValue == target && Attempts[^1].All(s => s.IsRight);

    /// <summary>Reads the part of <paramref name="response"/> before the answer marker.</summary>
    public static CountdownTrace Parse(string response)
    {
        var trace = response.Split(CountdownVerifier.AnswerMarker)[0];
        var found = trace.EndsWith(CountdownTeacher.Found);
        var attempts = trace.TrimEnd(CountdownTeacher.Found)
            .Split(CountdownTeacher.Failed, StringSplitOptions.RemoveEmptyEntries)
            .Select(a => (IReadOnlyList<CountdownStep>)a.Split(',').Select(ParseStep).OfType<CountdownStep>().ToArray())
            .ToArray();
        return new CountdownTrace(attempts, found);
    }

    /// <summary>"a op b=c" with non-negative integers; null for anything else.</summary>
    private static CountdownStep? ParseStep(string step)
    {
        var equals = step.IndexOf('=');
        var op = step.IndexOfAny(['+', '-', '*', '/'], Math.Min(1, step.Length));
        if (equals <= 2 || equals == step.Length - 1 || op <= 0 || op >= equals - 1)
        {
            return null;
        }

        return int.TryParse(step.AsSpan(0, op), NumberStyles.None, CultureInfo.InvariantCulture, out var left)
            && int.TryParse(step.AsSpan(op + 1, equals - op - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var right)
            && int.TryParse(step.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var result)
            ? new CountdownStep(left, step[op], right, result)
            : null;
    }
}
