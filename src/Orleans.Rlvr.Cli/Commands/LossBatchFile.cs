using System.Text.Json;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Loss;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// Reads <c>{"maxLength": M, "tokenLosses": [[...], ...], "mask": [[0 or 1, ...], ...]}</c>. Rows may differ in
/// length; the mask is optional (absent: every token counts) and must match tokenLosses row by row.
/// Masked slots may hold anything, NaN included ("NaN" is accepted as a number).
/// </summary>
public static class LossBatchFile
{
    public static LossBatch Read(string path)
    {
        string text;
        try
        {
            text = JsonInput.ReadFile("--input", path);
        }
        catch (ArgumentException e)
        {
            throw UsageException.From(e);
        }

        return Parse(text);
    }

    public static LossBatch Parse(string json)
    {
        Document? document;
        try
        {
            JsonInput.RequireUniqueKeys(json);
            document = JsonSerializer.Deserialize<Document>(json, RlvrJson.Input);
        }
        catch (JsonException e)
        {
            throw new UsageException($"--input: not a valid batch file ({JsonInput.Describe(e)}). Expected {{\"maxLength\": M, \"tokenLosses\": [[...]], \"mask\": [[...]]}}.");
        }

        return Validate(document ?? throw new UsageException("--input: the file holds no batch object."));
    }

    private static LossBatch Validate(Document document)
    {
        if (document.MaxLength is not { } maxLength || maxLength <= 0)
        {
            throw new UsageException($"maxLength: must be an integer ≥ 1 (got {document.MaxLength?.ToString() ?? "nothing"}).");
        }

        var rows = document.TokenLosses;
        if (rows is null || rows.Length == 0)
        {
            throw new UsageException("tokenLosses: must be a non-empty array of rows, one per sequence.");
        }

        if (document.Mask is { } maskRows && maskRows.Length != rows.Length)
        {
            throw new UsageException($"mask: has {maskRows.Length} rows but tokenLosses has {rows.Length}; the shapes must match.");
        }

        var width = Math.Max(1, rows.Max(r => r?.Length ?? 0));
        var losses = new double[rows.Length * width];
        var mask = new double[rows.Length * width];
        var lengths = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i] ?? throw new UsageException($"tokenLosses[{i}]: must be an array of numbers, not null.");
            if (row.Length == 0)
            {
                throw new UsageException($"tokenLosses[{i}]: an empty row; every sequence has at least one token (a response ends with its EOS).");
            }

            var maskRow = document.Mask?[i];
            if (document.Mask is not null && (maskRow is null || maskRow.Length != row.Length))
            {
                throw new UsageException($"mask[{i}]: has {maskRow?.Length ?? 0} entries but tokenLosses[{i}] has {row.Length}; the shapes must match.");
            }

            for (var t = 0; t < row.Length; t++)
            {
                var counted = maskRow?[t] ?? 1;
                if (counted is not (0 or 1))
                {
                    throw new UsageException($"mask[{i}][{t}]: must be 0 or 1 (got {counted}).");
                }

                if (counted == 1 && !double.IsFinite(row[t]))
                {
                    throw new UsageException($"tokenLosses[{i}][{t}]: {row[t]} in a counted slot; counted token losses must be finite.");
                }

                losses[i * width + t] = row[t];
                mask[i * width + t] = counted;
                lengths[i] += counted;
            }

            if (lengths[i] > maxLength)
            {
                throw new UsageException($"tokenLosses[{i}]: {lengths[i]} counted tokens, above maxLength = {maxLength}; a response longer than M is an error.");
            }
        }

        return new LossBatch(maxLength, losses, mask, width, lengths);
    }

    private sealed class Document
    {
        public int? MaxLength { get; set; }

        public double[]?[]? TokenLosses { get; set; }

        public int[]?[]? Mask { get; set; }
    }
}
