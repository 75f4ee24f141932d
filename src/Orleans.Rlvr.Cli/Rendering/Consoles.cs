using Spectre.Console;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>Spectre consoles over a writer. Tables written to a file or a pipe get a fixed width of 160 columns instead of 80, so they do not wrap.</summary>
public static class Consoles
{
    /// <summary>The width used when the output is not a terminal.</summary>
    public const int RedirectedWidth = 160;

    public static IAnsiConsole For(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (!console.Profile.Out.IsTerminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
