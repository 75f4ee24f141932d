using System.Text.Json;

namespace Orleans.Rlvr.Training.Tasks.MathProblems;

/// <summary>
/// The problems of the <c>math</c> task: (question, answer field) pairs read from a JSONL file (one JSON object per
/// line) or a Parquet file (string columns), or generated. Errors name the file, the line or column, and the field.
/// </summary>
public static class MathDataset
{
    /// <summary>The problems <paramref name="options"/> point at.</summary>
    public static IReadOnlyList<(string Question, string Answer)> Load(MathOptions options)
    {
        if (options.File.Length == 0)
        {
            return ArithmeticWordProblems.Generate(2_000, options.DatasetSeed);
        }

        if (!File.Exists(options.File))
        {
            throw new ArgumentException($"task.file: '{options.File}' does not exist.", "task.file");
        }

        var problems = options.File.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ReadParquet(options) : ReadJsonLines(options);
        return problems.Count >= 2 ? problems : throw new ArgumentException($"task.file: '{options.File}' holds {problems.Count} problem(s); at least 2 are needed (train and test).", "task.file");
    }

    private static List<(string, string)> ReadJsonLines(MathOptions options)
    {
        var problems = new List<(string, string)>();
        var number = 0;
        foreach (var line in File.ReadLines(options.File))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                problems.Add((Field(document.RootElement, options.QuestionField, number), Field(document.RootElement, options.AnswerField, number)));
            }
            catch (JsonException e)
            {
                throw new ArgumentException($"task.file: '{options.File}' line {number} is not a JSON object: {e.Message}", "task.file");
            }
        }

        return problems;

        string Field(JsonElement row, string field, int line) =>
            row.ValueKind == JsonValueKind.Object && row.TryGetProperty(field, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
                : throw new ArgumentException($"task.file: '{options.File}' line {line} has no field '{field}' (task.{(field == options.QuestionField ? "questionField" : "answerField")}).", "task.file");
    }

    private static List<(string, string)> ReadParquet(MathOptions options)
    {
        // On the thread pool: called inside grain turns, whose scheduler would wait on the reader's own continuations.
        var table = Task.Run(async () =>
        {
            await using var stream = File.OpenRead(options.File);
            return await Parquet.Serialization.ParquetSerializer.DeserializeUntypedAsync(stream).ConfigureAwait(false);
        }).GetAwaiter().GetResult();
        var columns = table.Schema.GetDataFields().Select(f => f.Name).ToArray();
        foreach (var (name, setting) in new[] { (options.QuestionField, "task.questionField"), (options.AnswerField, "task.answerField") })
        {
            if (!columns.Contains(name))
            {
                throw new ArgumentException($"task.file: '{options.File}' has no column '{name}' ({setting}); columns: {string.Join(", ", columns)}.", "task.file");
            }
        }

        return table.Data.Select(row => (Text(row[options.QuestionField]), Text(row[options.AnswerField]))).ToList();

        static string Text(object? value) => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
