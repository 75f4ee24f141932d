using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Rlvr;

/// <summary>
/// Range checks for options and user input: each names the field as the user writes it (<c>rollout.topP</c>) and its
/// allowed range, and throws an <see cref="ArgumentException"/> the CLI turns into exit code 2.
/// </summary>
public static partial class Guard
{
    public static void Range(string field, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(field, value, Invariant($"{field} must be in [{min}, {max}] (got {value})."));
        }
    }

    /// <summary>A number in (<paramref name="min"/>, <paramref name="max"/>]: above min, at most max.</summary>
    public static void AboveAndAtMost(string field, double value, double min, double max)
    {
        if (!(value > min && value <= max))
        {
            throw new ArgumentOutOfRangeException(field, value, Invariant($"{field} must be in ({min}, {max}] (got {value})."));
        }
    }

    public static void Range(string field, int value, int min, int max = int.MaxValue)
    {
        if (value < min || value > max)
        {
            var range = max == int.MaxValue ? Invariant($"≥ {min}") : Invariant($"in [{min}, {max}]");
            throw new ArgumentOutOfRangeException(field, value, Invariant($"{field} must be {range} (got {value})."));
        }
    }

    public static void Positive(string field, double value)
    {
        if (!(value > 0 && double.IsFinite(value)))
        {
            throw new ArgumentOutOfRangeException(field, value, Invariant($"{field} must be a finite number > 0 (got {value})."));
        }
    }

    /// <summary>A finite number ≥ <paramref name="min"/> (or &gt; it, when <paramref name="inclusive"/> is false).</summary>
    public static void AtLeast(string field, double value, double min, bool inclusive = true)
    {
        if (!(double.IsFinite(value) && (inclusive ? value >= min : value > min)))
        {
            throw new ArgumentOutOfRangeException(field, value, Invariant($"{field} must be a finite number {(inclusive ? "≥" : ">")} {min} (got {value})."));
        }
    }

    /// <summary>Throws <c>{field}: {message}.</c> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{field}: {message}.", field);
        }
    }

    /// <summary>
    /// The user-facing form of a validation error: its message without .NET's " (Parameter 'x')" suffixes and the
    /// "Actual value was …" line an <see cref="ArgumentOutOfRangeException"/> appends (our messages name the value).
    /// </summary>
    public static string UserMessage(ArgumentException error) =>
        ActualValue().Replace(ParameterSuffix().Replace(error.Message, ""), "").TrimEnd();

    [GeneratedRegex(@" \(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"\r?\nActual value was .*$", RegexOptions.Singleline)]
    private static partial Regex ActualValue();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
