using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>The first option (depth first, as a <c>--set</c> path) in which two sets of run options differ, with both values.</summary>
public static class OptionsDifference
{
    /// <summary>Null when the two serialize alike.</summary>
    public static (string Path, string Mine, string Theirs)? Find(RunOptions mine, RunOptions theirs) =>
        Find(JsonSerializer.SerializeToNode(mine, RlvrJson.Compact)!.AsObject(), JsonSerializer.SerializeToNode(theirs, RlvrJson.Compact)!.AsObject());

    /// <summary>The same over two JSON objects of options.</summary>
    public static (string Path, string Mine, string Theirs)? Find(JsonObject mine, JsonObject theirs, string prefix = "")
    {
        foreach (var key in mine.Select(p => p.Key).Concat(theirs.Select(p => p.Key)).Distinct())
        {
            var (a, b) = (mine[key], theirs[key]);
            if (a?.ToJsonString() == b?.ToJsonString())
            {
                continue;
            }

            return a is JsonObject x && b is JsonObject y
                ? Find(x, y, $"{prefix}{key}.")
                : ($"{prefix}{key}", a?.ToJsonString() ?? "unset", b?.ToJsonString() ?? "unset");
        }

        return null;
    }
}
