using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Training.Checkpoints;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Applies <c>path=value</c> overrides to <see cref="TrainingOptions"/>: <c>learningRate=1e-4</c>,
/// <c>loss.klCoef=0.01</c>, <c>countdown.maxOperand=6</c>. Paths are the JSON (camelCase) names of the options,
/// matched case-insensitively; values are JSON scalars (numbers, true/false) or bare strings.
/// </summary>
public static class TrainingOverrides
{
    /// <summary>Parses one <c>path=value</c> argument; a malformed one is refused naming <paramref name="field"/>.</summary>
    public static KeyValuePair<string, string> Parse(string argument, string field = "set")
    {
        var at = argument.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0 || at == argument.Length - 1)
        {
            throw new ArgumentException($"{field}: '{argument}' is not of the form path=value (e.g. learningRate=1e-4).", field);
        }

        return new(argument[..at].Trim(), argument[(at + 1)..].Trim());
    }

    /// <summary>The options with every override applied, validated; an unknown path or a value of the wrong type names the path.</summary>
    public static TrainingOptions Apply(TrainingOptions options, IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var root = JsonSerializer.SerializeToNode(options, RunCheckpoint.Json)!.AsObject();
        var any = false;
        foreach (var (path, value) in overrides)
        {
            Set(root, path, value);
            any = true;
        }

        if (!any)
        {
            return options;
        }

        TrainingOptions updated;
        try
        {
            updated = root.Deserialize<TrainingOptions>(RunCheckpoint.Json)!;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"set: a value has the wrong type for '{e.Path?.TrimStart('$', '.')}' ({e.Message}).", "set", e);
        }

        return updated.Validate();
    }

    private static void Set(JsonObject root, string path, string value)
    {
        var parts = path.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var key = node.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, parts[i], StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"set: unknown option '{path}'; valid at this level: {string.Join(", ", node.Select(p => p.Key))}.", path);
            if (i == parts.Length - 1)
            {
                if (node[key] is JsonObject)
                {
                    throw new ArgumentException($"set: '{path}' is a group of options; set one of: {string.Join(", ", node[key]!.AsObject().Select(p => p.Key))}.", path);
                }

                node[key] = ParseValue(value);
                return;
            }

            node = node[key] as JsonObject ?? throw new ArgumentException($"set: '{string.Join('.', parts[..(i + 1)])}' has no sub-options.", path);
        }
    }

    private static JsonNode? ParseValue(string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number == Math.Floor(number) && Math.Abs(number) < 1e15 && !value.Contains('.', StringComparison.Ordinal) && !value.Contains('e', StringComparison.OrdinalIgnoreCase)
                ? JsonValue.Create((long)number)
                : JsonValue.Create(number);
        }

        return bool.TryParse(value, out var flag) ? JsonValue.Create(flag) : JsonValue.Create(value);
    }
}
