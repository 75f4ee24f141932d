namespace Orleans.Rlvr.Cli.Commands;

/// <summary>Bad input from the user; the message names the field and its allowed range. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message)
{
    /// <summary>The user-facing form of a validation error (<see cref="Guard.UserMessage"/>).</summary>
    public static UsageException From(ArgumentException error) => new(Guard.UserMessage(error));
}
