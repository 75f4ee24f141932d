using System.Globalization;
using System.Text.Json;
using Orleans.Rlvr.Cli.LossInspection;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>Renders <c>rlvr loss</c> results as a readable table or as JSON.</summary>
public static class LossTable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = false };

    public static string ToJson(IReadOnlyList<AggregationResult> results) =>
        JsonSerializer.Serialize(new { results }, Json);

    public static void Write(IAnsiConsole console, LossBatch batch, IReadOnlyList<AggregationResult> results)
    {
        console.MarkupLine($"[bold]{batch.Count}[/] sequences, maxLength M = [bold]{batch.MaxLength}[/], lengths L = [[{string.Join(", ", batch.Lengths)}]]");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("aggregator");
        table.AddColumn(new TableColumn("α").RightAligned());
        table.AddColumn(new TableColumn("loss").RightAligned());
        table.AddColumn(new TableColumn("Σ x_i · M").RightAligned());
        for (var i = 0; i < batch.Count; i++)
        {
            table.AddColumn(new TableColumn($"x_{i} (L={batch.Lengths[i]})").RightAligned());
        }

        foreach (var result in results)
        {
            var cells = new List<string>
            {
                result.Aggregator,
                result.Alpha?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-",
                Format(result.Loss),
                Format(result.Weights.Sum() * batch.MaxLength),
            };
            cells.AddRange(result.Weights.Select(Format));
            table.AddRow(cells.Select(c => Markup.Escape(c)).ToArray());
        }

        console.Write(table);
        console.MarkupLine("[grey]Σ x_i · M = 1 means unbiased (ΔL for every α, Dr. GRPO); GRPO and DAPO depend on the lengths.[/]");
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
