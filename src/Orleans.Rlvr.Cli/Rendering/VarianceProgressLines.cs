using System.Diagnostics;
using System.Globalization;
using Orleans.Rlvr.Training.Variance;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>A study's progress as lines on stderr: each stage's start and end, and every tenth of a long stage.</summary>
public sealed class VarianceProgressLines(IAnsiConsole console) : IProgress<VarianceProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>When cancelled (SIGINT/SIGTERM), the next report throws <see cref="OperationCanceledException"/>, which ends the study at once.</summary>
    public CancellationToken Stop { get; init; }

    /// <summary>The stage last reported, for the line that says where a stopped study was.</summary>
    public string Stage { get; private set; } = "start";

    public void Report(VarianceProgress value)
    {
        Stage = value.Stage;
        Stop.ThrowIfCancellationRequested();
        var step = Math.Max(1, value.Total / 10);
        if (value.Done == 0 || value.Done == value.Total || value.Done % step == 0)
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"[{_clock.Elapsed.TotalSeconds,6:F1}s] {value.Stage} {value.Done}/{value.Total}")));
        }
    }
}
