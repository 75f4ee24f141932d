using System.Globalization;
using System.Text.Json;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Loss;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>Renders <c>rlvr loss</c> results as a readable table or as JSON.</summary>
public static class LossTable
{
    public static string ToJson(IReadOnlyList<AggregationResult> results) =>
        JsonSerializer.Serialize(new { results }, RlvrJson.Compact);

    public static void Write(IAnsiConsole console, LossBatch batch, IReadOnlyList<AggregationResult> results)
    {
        console.MarkupLine($"[bold]{batch.Count}[/] sequences, maxLength M = [bold]{batch.MaxLength}[/]");
        var summary = new Table().Border(TableBorder.Rounded).Title("loss = Σ_i x_i Σ_t m·ℓ");
        summary.AddColumn("aggregator");
        summary.AddColumn(new TableColumn("α").RightAligned());
        summary.AddColumn(new TableColumn("loss").RightAligned());
        summary.AddColumn(new TableColumn("Σ x_i · M").RightAligned());
        foreach (var result in results)
        {
            summary.AddRow(result.Aggregator, AlphaText(result), Format(result.Loss), Format(result.Weights.Sum() * batch.MaxLength));
        }

        console.Write(summary);
        console.MarkupLine("[grey]Σ x_i · M = 1 means unbiased (ΔL for every α, Dr. GRPO); GRPO's and DAPO's depend on the lengths.[/]");

        var weights = new Table().Border(TableBorder.Rounded).Title("per-sequence weights x_i");
        weights.AddColumn(new TableColumn("i").RightAligned());
        weights.AddColumn(new TableColumn("L_i").RightAligned());
        foreach (var result in results)
        {
            weights.AddColumn(new TableColumn(Markup.Escape(result.Alpha is null ? result.Aggregator : $"{result.Aggregator} α={AlphaText(result)}")).RightAligned());
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var cells = new List<string> { i.ToString(CultureInfo.InvariantCulture), batch.Lengths[i].ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(results.Select(r => Format(r.Weights[i])));
            weights.AddRow(cells.ToArray());
        }

        console.Write(weights);
    }

    private static string AlphaText(AggregationResult result) =>
        result.Alpha?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-";

    private static string Format(double value) => value.ToString("G5", CultureInfo.InvariantCulture);
}
