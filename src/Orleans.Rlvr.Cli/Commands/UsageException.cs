using System.Text.RegularExpressions;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>Bad input from the user; the message names the field and its allowed range. Exit code 2.</summary>
public sealed partial class UsageException(string message) : Exception(message)
{
    /// <summary>
    /// The user-facing form of a validation error: its message without .NET's " (Parameter 'x')" suffixes and the
    /// "Actual value was …" line an <see cref="ArgumentOutOfRangeException"/> appends (our messages name the value).
    /// </summary>
    public static UsageException From(ArgumentException error) =>
        new(ActualValue().Replace(ParameterSuffix().Replace(error.Message, ""), "").TrimEnd());

    [GeneratedRegex(@" \(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"\r?\nActual value was .*$", RegexOptions.Singleline)]
    private static partial Regex ActualValue();
}
