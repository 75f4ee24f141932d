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

        try
        {
            JsonInput.RequireUniqueKeys(text);
            return JsonSerializer.Deserialize<SweepSpec>(text, RlvrJson.Input) ?? throw new UsageException($"--spec: '{path}' holds no sweep spec.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--spec: '{path}' is not a valid sweep spec: {JsonInput.Describe(e)}");
        }
    }

    public static string Write(SweepSpec spec) => JsonSerializer.Serialize(spec, RlvrJson.Input);
}
