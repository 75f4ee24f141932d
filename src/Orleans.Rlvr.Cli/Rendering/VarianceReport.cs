using System.Globalization;
using System.Text.Json;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Variance;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Rendering;

/// <summary>Renders <c>rlvr variance</c> results as a table or as JSON.</summary>
public static class VarianceReport
{
    public static string ToJson(VarianceResult result, string source) => JsonSerializer.Serialize(new
    {
        source,
        beta = result.Exponent.Beta,
        betaCI = new[] { result.Exponent.Lower, result.Exponent.Upper },
        confidenceLevel = result.Exponent.ConfidenceLevel,
        intercept = result.Exponent.Intercept,
        binned = new
        {
            beta = result.Binned.Beta,
            betaCI = new[] { result.Binned.Lower, result.Binned.Upper },
            bins = result.Binned.Bins.Select(b => new
            {
                responses = b.Responses,
                minLength = b.MinLength,
                maxLength = b.MaxLength,
                meanLength = b.MeanLength,
                scoreVariance = b.ScoreVariance,
                meanNormSquared = b.MeanNormSquared,
                meanNorm = b.MeanNorm,
            }),
        },
        tokenIndependence = result.Tokens is { } tokens
            ? new { responses = tokens.Responses, ratio = tokens.Ratio, ratioCI = new[] { tokens.Lower, tokens.Upper }, medianResponseRatio = tokens.MedianResponseRatio }
            : null,
        responses = result.Responses,
        nonZeroResponses = result.NonZeroResponses,
        parameters = result.Parameters,
        groupSize = result.GroupSize,
        maxResponseLength = result.MaxResponseLength,
        batches = result.Batches,
        batchGroups = result.BatchGroups,
        aggregators = result.Aggregators.Select(r => new
        {
            aggregator = r.Aggregator,
            alpha = r.Alpha,
            variance = r.Variance,
            cv = r.Cv,
            bias = r.Bias,
            biasNoise = r.BiasNoise,
            directionBias = r.DirectionBias,
            meanNorm = r.MeanNorm,
        }),
    }, RlvrJson.Compact);

    public static void Write(IAnsiConsole console, VarianceResult result, string source)
    {
        var fit = result.Exponent;
        console.MarkupLine(Markup.Escape(Invariant(
            $"{source}: {result.Responses} responses sampled (G = {result.GroupSize}, M = {result.MaxResponseLength}), {result.NonZeroResponses} with A_i ≠ 0, D = {result.Parameters} parameters")));
        console.MarkupLine(Invariant(
            $"Var(g_i) ∝ L_i^β: [bold]β = {fit.Beta:F3}[/] ({fit.ConfidenceLevel * 100:0.#}% bootstrap CI [[{fit.Lower:F3}, {fit.Upper:F3}]]; the paper predicts β ≈ 1)"));

        WriteBinned(console, result);
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(Invariant($"batch gradient ĝ = Σ_i x_i g_i over {result.Batches} batches of {result.BatchGroups} groups")));
        table.AddColumn("aggregator");
        table.AddColumn(new TableColumn("α").RightAligned());
        table.AddColumn(new TableColumn("variance").RightAligned());
        table.AddColumn(new TableColumn("CV").RightAligned());
        table.AddColumn(new TableColumn("bias").RightAligned());
        table.AddColumn(new TableColumn("± pool noise").RightAligned());
        table.AddColumn(new TableColumn("1 − cos").RightAligned());
        table.AddColumn(new TableColumn("‖E ĝ‖").RightAligned());
        foreach (var row in result.Aggregators)
        {
            table.AddRow(
                row.Aggregator,
                row.Alpha?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-",
                G(row.Variance),
                row.Cv.ToString("F4", CultureInfo.InvariantCulture),
                row.Bias.ToString("F4", CultureInfo.InvariantCulture),
                row.BiasNoise.ToString("F4", CultureInfo.InvariantCulture),
                row.DirectionBias.ToString("F5", CultureInfo.InvariantCulture),
                G(row.MeanNorm));
        }

        console.Write(table);
        console.MarkupLine("[grey]variance = E‖ĝ − E ĝ‖²; CV = √variance / ‖E ĝ‖; bias = ‖E ĝ − ḡ/M‖ / ‖ḡ/M‖ against Dr. GRPO's expectation (ḡ: the pool's mean g_i);[/]");
        console.MarkupLine("[grey]pool noise: the bias this pool shows by chance if lengths did not change E[[g_i]]; 1 − cos: the direction part of the bias.[/]");
        console.MarkupLine("[grey]The paper predicts CV(grpo) = CV(delta-l α=1) ≤ CV(delta-l 0<α<1) ≤ CV(dapo) = CV(dr-grpo) when β = 1.[/]");
    }

    private static void WriteBinned(IAnsiConsole console, VarianceResult result)
    {
        var binned = result.Binned;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(Invariant($"per length bin, advantage divided out (s_i = g_i / A_i): β = {binned.Beta:F3}, {binned.ConfidenceLevel * 100:0.#}% CI [{binned.Lower:F3}, {binned.Upper:F3}]")));
        table.AddColumn("lengths");
        table.AddColumn(new TableColumn("n").RightAligned());
        table.AddColumn(new TableColumn("mean L").RightAligned());
        table.AddColumn(new TableColumn("Var(s | L)").RightAligned());
        table.AddColumn(new TableColumn("Var / mean L").RightAligned());
        table.AddColumn(new TableColumn("‖E[s | L]‖").RightAligned());
        table.AddColumn(new TableColumn("‖E s‖² / Var").RightAligned());
        foreach (var bin in binned.Bins)
        {
            table.AddRow(
                Invariant($"{bin.MinLength}–{bin.MaxLength}"),
                bin.Responses.ToString(CultureInfo.InvariantCulture),
                bin.MeanLength.ToString("F1", CultureInfo.InvariantCulture),
                G(bin.ScoreVariance),
                G(bin.ScoreVariance / bin.MeanLength),
                G(bin.MeanNorm),
                (bin.MeanNormSquared / bin.ScoreVariance).ToString("F3", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        if (result.Tokens is { } tokens)
        {
            console.MarkupLine(Markup.Escape(Invariant(
                $"token independence over {tokens.Responses} responses: R = Σ‖Σ_t s_t‖² / ΣΣ_t‖s_t‖² = {tokens.Ratio:F3} ({tokens.ConfidenceLevel * 100:0.#}% CI [{tokens.Lower:F3}, {tokens.Upper:F3}]; median per response {tokens.MedianResponseRatio:F3}; 1 when token scores are uncorrelated)")));
        }
    }

    private static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
