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
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--spec: cannot read '{path}': {e.Message}");
        }

        try
        {
            return JsonSerializer.Deserialize<SweepSpec>(text, RlvrJson.Input) ?? throw new UsageException($"--spec: '{path}' holds no sweep spec.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--spec: '{path}' is not a valid sweep spec at {e.Path ?? "the top"}: {e.Message}");
        }
    }

    public static string Write(SweepSpec spec) => JsonSerializer.Serialize(spec, RlvrJson.Input);
}
