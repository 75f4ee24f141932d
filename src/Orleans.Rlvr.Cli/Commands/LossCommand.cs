using System.CommandLine;
using Orleans.Rlvr.Cli.Rendering;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Loss;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary><c>rlvr loss --input batch.json [--aggregator NAME] [--alpha A[,A...]] [--json]</c>.</summary>
public static class LossCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Option<string>("--input", "-i")
        {
            Description = "Batch file: {\"maxLength\": M, \"tokenLosses\": [[...]], \"mask\": [[0|1 ...]]} (mask optional).",
            Required = true,
        };
        var aggregator = new Option<string?>("--aggregator", "-a")
        {
            Description = "grpo, dapo, dr-grpo or delta-l (verl names accepted); default: all four.",
        };
        var alpha = new Option<string>("--alpha")
        {
            Description = "α for delta-l, one or more in [0, 1], comma-separated.",
            DefaultValueFactory = _ => "1",
        };
        var json = new Option<bool>("--json") { Description = "Print {\"results\": [...]} as JSON instead of a table." };

        var command = new Command("loss", "Show each aggregation's per-sequence weights and loss for a batch of token losses.")
        {
            input, aggregator, alpha, json,
        };
        command.SetAction(parse =>
        {
            var alphas = AlphaList.Parse(parse.GetValue(alpha)!);
            IReadOnlyList<ILossAggregation> aggregations;
            try
            {
                aggregations = LossInspection.Select(parse.GetValue(aggregator), alphas);
            }
            catch (ArgumentException e)
            {
                throw UsageException.From(e);
            }

            var batch = LossBatchFile.Read(parse.GetValue(input)!);
            var results = LossInspection.Compute(batch, aggregations);
            if (parse.GetValue(json))
            {
                output.WriteLine(LossTable.ToJson(results));
            }
            else
            {
                LossTable.Write(Consoles.For(output), batch, results);
            }

            return 0;
        });
        return command;
    }
}
