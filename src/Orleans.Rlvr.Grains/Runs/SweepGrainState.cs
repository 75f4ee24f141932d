using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Grains.Runs;

/// <summary>What a sweep persists: its spec, its expanded runs and the last known status of each.</summary>
[GenerateSerializer, Alias("rlvr.SweepGrainState")]
public sealed class SweepGrainState
{
    [Id(0)] public SweepSpec? Spec { get; set; }
    [Id(1)] public List<RunSpec> Runs { get; set; } = [];
    [Id(2)] public Dictionary<string, RunStatus> Statuses { get; set; } = [];
    [Id(3)] public SweepState State { get; set; }
    [Id(4)] public DateTimeOffset StartedAt { get; set; }
    [Id(5)] public HashSet<string> Started { get; set; } = [];

    /// <summary>
    /// True when <paramref name="stored"/> can be an earlier state of the sweep whose state is <paramref name="mine"/>:
    /// nothing stored, or the same runs with none started that <paramref name="mine"/> does not know of.
    /// </summary>
    public static bool IsEarlierStateOf(SweepGrainState stored, SweepGrainState mine)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(mine);
        return stored.Spec is null || (stored.Runs.SequenceEqual(mine.Runs) && stored.Started.IsSubsetOf(mine.Started));
    }
}
