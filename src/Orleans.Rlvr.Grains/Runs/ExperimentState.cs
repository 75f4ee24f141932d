using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Grains.Runs;

/// <summary>What a run persists: its spec and where it is. Written after every step and on every status change.</summary>
[GenerateSerializer, Alias("rlvr.ExperimentState")]
public sealed class ExperimentState
{
    [Id(0)] public RunSpec? Spec { get; set; }
    [Id(1)] public RunStatus Status { get; set; }
    [Id(2)] public int Step { get; set; }
    [Id(3)] public int Steps { get; set; }
    [Id(4)] public double Reward { get; set; } = double.NaN;
    [Id(5)] public double Accuracy { get; set; } = double.NaN;
    [Id(6)] public double InitialAccuracy { get; set; } = double.NaN;
    [Id(7)] public int StepsRedone { get; set; }
    [Id(8)] public string? LearnerSilo { get; set; }
    [Id(9)] public string? Error { get; set; }
    [Id(10)] public bool CancelRequested { get; set; }
    [Id(11)] public int FailedAttempts { get; set; }
    [Id(12)] public int Failures { get; set; }

    /// <summary>
    /// True when <paramref name="stored"/> can be an earlier state of the run whose state is <paramref name="mine"/>:
    /// nothing stored, or the same spec at a step no further along, still running or finished as <paramref name="mine"/> is.
    /// </summary>
    public static bool IsEarlierStateOf(ExperimentState stored, ExperimentState mine)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(mine);
        return stored.Spec is null
            || (stored.Spec == mine.Spec && stored.Step <= mine.Step
                && (stored.Status is RunStatus.Pending or RunStatus.Running || stored.Status == mine.Status));
    }
}
