using System.Globalization;
using System.Text.Json;
using Orleans.Rlvr.Training.Engine;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>A run's result as a readable summary or as JSON.</summary>
public static class TrainingReport
{
    public static string ToJson(TrainingResult result) => JsonSerializer.Serialize(new
    {
        initialAccuracy = result.InitialAccuracy,
        finalAccuracy = result.FinalAccuracy,
        initialGreedyAccuracy = result.InitialGreedyAccuracy,
        finalGreedyAccuracy = result.FinalGreedyAccuracy,
        steps = result.Steps,
        checkpoint = result.CheckpointDirectory,
        evaluations = result.Evaluations,
        metrics = result.Metrics.Select(m => new Dictionary<string, double>(m.Values) { ["step"] = m.Step }),
    }, RlvrJson.Compact);

    public static void Write(IAnsiConsole console, TrainingResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("held-out accuracy");
        table.AddColumn(new TableColumn("step").RightAligned());
        table.AddColumn(new TableColumn("avg@k").RightAligned());
        table.AddColumn(new TableColumn("pass@k").RightAligned());
        table.AddColumn(new TableColumn("greedy").RightAligned());
        table.AddColumn(new TableColumn("mean length").RightAligned());
        foreach (var e in result.Evaluations)
        {
            table.AddRow(e.Step.ToString(CultureInfo.InvariantCulture), F(e.AverageAtK), double.IsNaN(e.PassAtK) ? "-" : F(e.PassAtK), F(e.GreedyAccuracy), e.MeanResponseLength.ToString("F1", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"accuracy (avg@k): {result.InitialAccuracy:F3} after warm start → {result.FinalAccuracy:F3} after {result.Steps} RL steps ({result.FinalAccuracy - result.InitialAccuracy:+0.000;-0.000})")));
        console.MarkupLine(Markup.Escape($"checkpoint: {result.CheckpointDirectory}"));
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
