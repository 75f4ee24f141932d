using System.CommandLine;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>Runs a parsed command line; parse errors and <see cref="UsageException"/> exit with code 2.</summary>
public static class CommandLineRunner
{
    /// <summary>Exit code for bad input: an unreadable file, an out-of-range value, a malformed batch.</summary>
    public const int UsageError = 2;

    public static int Run(RootCommand root, string[] args, TextWriter error)
    {
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
        catch (UsageException usage)
        {
            error.WriteLine($"error: {usage.Message}");
            return UsageError;
        }
    }
}
