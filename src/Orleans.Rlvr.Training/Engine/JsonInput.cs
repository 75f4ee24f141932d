using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// What the user reads when a JSON file they wrote (a loss batch, a sweep spec) is not what we expect: the field's
/// path and the kind of value wanted ("$.maxLength: expected an integer"), never a .NET type name; a field given twice
/// in spellings that differ only in case (the reader ignores case, so one would silently win) is refused by name.
/// </summary>
public static partial class JsonInput
{
    /// <summary>Reads a user's file as text; a folder, a missing file or an unreadable one is refused naming <paramref name="flag"/>.</summary>
    public static string ReadFile(string flag, string path)
    {
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"{flag}: '{path}' is a folder; give a JSON file.", flag);
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"{flag}: cannot read '{path}': {e.Message}", flag, e);
        }
    }

    /// <summary>The user-facing form of a deserialization error: the JSON path and what was expected there.</summary>
    public static string Describe(JsonException error)
    {
        var path = error.Path is { Length: > 0 } p ? p : "$";
        if (ExpectedAt(error) is { } expected)
        {
            return $"{path}: expected {expected}";
        }

        if (UnknownMember().Match(error.Message) is { Success: true } unknown)
        {
            return $"{path}: unknown field '{unknown.Groups["name"].Value}'";
        }

        if (error.LineNumber is { } line)
        {
            // A syntax error: System.Text.Json's own sentence, without its trailing position (given here 1-based).
            var sentence = Position().Replace(error.Message, "").TrimEnd('.', ' ');
            return $"{path} (line {line + 1}, column {(error.BytePositionInLine ?? 0) + 1}): {sentence}";
        }

        return $"{path}: {error.Message}";
    }

    /// <summary>Throws naming the first object property that appears twice in spellings equal but for case.</summary>
    public static void RequireUniqueKeys(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException)
        {
            return;   // the deserializer reports the syntax error with its position
        }

        using (document)
        {
            Check(document.RootElement, "$");
        }
    }

    private static void Check(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject())
            {
                if (seen.TryGetValue(property.Name, out var first))
                {
                    throw new JsonException($"'{first}' and '{property.Name}' both given; names are read ignoring case, so give it once.", $"{path}.{property.Name}", null, null);
                }

                seen[property.Name] = property.Name;
                Check(property.Value, $"{path}.{property.Name}");
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Check(item, $"{path}[{i++}]");
            }
        }
    }

    /// <summary>
    /// What should have stood at the error's path ("an integer", "a number", "true or false"), or null when the error is
    /// not a value of the wrong kind: the one wording of files (<see cref="Describe"/>) and of <c>--set</c> overrides.
    /// </summary>
    public static string? ExpectedAt(JsonException error) =>
        Conversion().Match(error.Message) is { Success: true } match ? Expected(match.Groups["type"].Value)
        : error.Message.Contains(RoundTripDoubleConverter.Expectation, StringComparison.Ordinal) ? RoundTripDoubleConverter.Expectation
        : error.Message.Contains(NullRefused, StringComparison.Ordinal) ? "a value, not null (only optional values can be unset)"
        : null;

    // System.Text.Json's message when RespectNullableAnnotations meets null for a non-nullable member.
    private const string NullRefused = "doesn't allow setting null values";

    /// <summary>What a user should have written for a value of the .NET type <paramref name="type"/> ("an integer"), never the type's name.</summary>
    public static string Expected(string type)
    {
        var inner = Nullable().Match(type) is { Success: true } nullable ? nullable.Groups["inner"].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" => "an integer",
            "System.Double" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            "System.String" => "a string",
            "System.TimeSpan" => "a duration (hh:mm:ss, e.g. 00:00:30)",
            _ when inner.EndsWith("[]", StringComparison.Ordinal) || inner.Contains("List`1", StringComparison.Ordinal) || inner.Contains("IEnumerable`1", StringComparison.Ordinal) => "an array",
            _ when inner.Contains("Dictionary`2", StringComparison.Ordinal) => "an object of names and values",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"could not be converted to (?<type>[^ ]+?)\.? Path:")]
    private static partial Regex Conversion();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>.+)\]$")]
    private static partial Regex Nullable();

    [GeneratedRegex(@"\s*Path: .*$|\s*LineNumber: .*$", RegexOptions.Singleline)]
    private static partial Regex Position();
}
