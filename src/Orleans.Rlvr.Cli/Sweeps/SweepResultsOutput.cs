using Orleans.Rlvr.Cli.Rendering;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Results;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Engine;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Sweeps;

/// <summary>Reports a sweep: the table (or the JSON summary) and the files: runs.csv, summary.csv, results.json, results.md, plots, index.html.</summary>
public static class SweepResultsOutput
{
    public static void Write(SweepStatus status, IReadOnlyList<RunReport> reports, string folder, SweepOutputOptions output, TextWriter stdout, IAnsiConsole progress)
    {
        var summary = SweepSummary.From(status.SweepId, reports);
        Directory.CreateDirectory(folder);
        ResultsExport.WriteRunsCsv(Path.Combine(folder, "runs.csv"), summary);
        ResultsExport.WriteSummaryCsv(Path.Combine(folder, "summary.csv"), summary);
        ResultsExport.WriteJson(Path.Combine(folder, "results.json"), summary);
        var threshold = output.Threshold is { } level ? ThresholdReport.From(summary, level) : null;
        var markdown = ResultsMarkdown.Render(summary) + threshold?.ToMarkdown();
        File.WriteAllText(Path.Combine(folder, "results.md"), markdown);
        if (output.Csv is { } csv)
        {
            ResultsExport.WriteRunsCsv(csv, summary);
        }

        var plots = ResultsPlots.Write(output.Plots ?? folder, summary);
        ResultsHtml.Write(folder, $"Sweep {status.SweepId}", markdown, plots);
        if (output.Json)
        {
            var json = new JsonObject
            {
                ["sweepId"] = status.SweepId,
                ["state"] = status.State.ToString(),
                ["runs"] = new JsonArray(summary.Runs.Select(r => (JsonNode)ResultsExport.Run(r, withHistory: false)).ToArray()),
                ["groups"] = ResultsExport.ToJson(summary)["groups"]!.DeepClone(),
                ["comparisons"] = ResultsExport.Comparisons(PairedComparison.All(summary)),
                ["stepsToThreshold"] = threshold is null ? null : new JsonObject
                {
                    ["threshold"] = threshold.Threshold,
                    ["note"] = "comparisons on log(steps): meanDifference d is the steps ratio A/B = e^d",
                    ["comparisons"] = ResultsExport.Comparisons(threshold.Comparisons),
                },
                ["resultsFolder"] = Path.GetFullPath(folder),
            };
            stdout.WriteLine(json.ToJsonString(RlvrJson.Compact));
        }
        else
        {
            var console = Consoles.For(stdout);
            ResultsTable.Write(console, summary);
            if (threshold is not null)
            {
                ThresholdTable.Write(console, threshold);
            }
        }

        progress.MarkupLine(Markup.Escape($"results: {Path.GetFullPath(folder)} (index.html, runs.csv, summary.csv, results.json, results.md); plots: {string.Join(", ", plots.Select(Path.GetFileName))}"));
    }
}
