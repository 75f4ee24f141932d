using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// Runs a parsed command line. Bad input exits with code 2 and one line naming the flag, setting or file: parse
/// errors, <see cref="UsageException"/>, and the errors configuration raises (a setting that does not convert, is out
/// of range or names an unknown provider; an appsettings.json that is not JSON). Anything else is a failure of ours:
/// one line and exit code 1, the stack trace only with <c>RLVR_TRACE=1</c>.
/// </summary>
public static partial class CommandLineRunner
{
    /// <summary>Exit code for bad input: an unreadable file, an out-of-range value, a malformed batch.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for an unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>Set to 1 to print the stack trace of an unexpected failure.</summary>
    public const string TraceVariable = "RLVR_TRACE";

    public static int Run(RootCommand root, string[] args, TextWriter error)
    {
        if (args.Length == 0 || args is ["help"])
        {
            // A bare `rlvr` or `rlvr help` shows the commands, as `rlvr --help` does.
            args = ["--help"];
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            return UsageError;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (BadInput(e) is { } message)
        {
            error.WriteLine($"error: {message}");
            return UsageError;
        }
        catch (Exception e)
        {
            var failure = Innermost(e);
            error.WriteLine($"error: {failure.GetType().Name}: {failure.Message}");
            error.WriteLine(Environment.GetEnvironmentVariable(TraceVariable) == "1"
                ? e.ToString()
                : $"(an unexpected failure; set {TraceVariable}=1 for the stack trace)");
            return Failure;
        }
    }

    /// <summary>The one-line message of an exception that means bad input, or null when it means a failure of ours.</summary>
    public static string? BadInput(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case UsageException usage:
                    return usage.Message;
                case OptionsValidationException validation:
                    return validation.Message;
                case InvalidOperationException when ConversionFailure().Match(e.Message) is { Success: true } match:
                    return $"{match.Groups["key"].Value}: '{match.Groups["value"].Value}' is not {JsonInput.Expected(match.Groups["type"].Value)} (configuration: appsettings.json or RLVR_{match.Groups["key"].Value.Replace(":", "__", StringComparison.Ordinal)}).";
                case InvalidDataException when e.Message.Contains("configuration from file", StringComparison.OrdinalIgnoreCase):
                    return $"{FileName().Match(e.Message).Groups["file"].Value}: not valid JSON ({Innermost(e).Message})";
                case ArgumentException argument when argument.ParamName?.Contains(':', StringComparison.Ordinal) == true:
                    // Settings are checked as ArgumentExceptions whose parameter is the setting's key (Rlvr:RolloutWorkers).
                    return UsageException.From(argument).Message;
            }

            if (e is not (AggregateException or TargetInvocationException or InvalidOperationException))
            {
                return null;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e is AggregateException or TargetInvocationException or InvalidDataException or JsonException)
        {
            e = e.InnerException;
        }

        return e;
    }

    [GeneratedRegex(@"Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"file '(?<file>[^']*)'")]
    private static partial Regex FileName();
}
