using System.Text.Json;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Cli.Sweeps;

/// <summary>Reads a sweep spec from JSON (the format of <c>docs/examples/sweep.json</c>); an unknown or mistyped field is refused by name.</summary>
public static class SweepSpecFile
{
    public static SweepSpec Read(string path)
    {
        string text;
        try
        {
            text = JsonInput.ReadFile("--spec", path);
        }
        catch (ArgumentException e)
        {
            throw UsageException.From(e);
        }

        return Parse(text, path);
    }

    /// <summary>A sweep spec from JSON <paramref name="text"/>; <paramref name="source"/> names it in messages. Bad input: <see cref="UsageException"/>.</summary>
    public static SweepSpec Parse(string text, string source)
    {
        try
        {
            JsonInput.RequireUniqueKeys(text);
            return JsonSerializer.Deserialize<SweepSpec>(text, RlvrJson.Input) ?? throw new UsageException($"--spec: '{source}' holds no sweep spec.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--spec: '{source}' is not a valid sweep spec: {JsonInput.Describe(e)}");
        }
    }

    public static string Write(SweepSpec spec) => JsonSerializer.Serialize(spec, RlvrJson.Input);
}
