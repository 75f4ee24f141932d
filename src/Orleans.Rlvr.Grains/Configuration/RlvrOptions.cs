namespace Orleans.Rlvr.Grains.Configuration;

/// <summary>Settings of the Orleans.Rlvr grains on one silo (configuration section <c>Rlvr</c>).</summary>
public sealed class RlvrOptions
{
    public const string Section = "Rlvr";

    /// <summary>Comma-separated roles of this silo: <c>learner</c> (may host learner grains; a GPU silo) and/or <c>rollout</c>. Default: both.</summary>
    public string Roles { get; set; } = "learner,rollout";

    /// <summary>Rollout workers in the cluster-wide pool (grain keys 0..n−1, spread over the silos by Orleans placement). Default 8.</summary>
    public int RolloutWorkers { get; set; } = 8;

    /// <summary>
    /// Threads that run tensor work on this silo, off the Orleans scheduler; 0 (default) means one per core. With one
    /// LibTorch thread each (<c>Torch:Threads</c> = 1), two lanes ran the demo sweep on 2 cores in 138 s against 156 s for
    /// one lane with two LibTorch threads and 174 s for one lane with one (docs/performance.md).
    /// </summary>
    public int TensorThreads { get; set; }

    /// <summary>The tensor threads this silo runs: <see cref="TensorThreads"/>, or one per core when it is 0.</summary>
    public int EffectiveTensorThreads => TensorThreads > 0 ? TensorThreads : Math.Clamp(Environment.ProcessorCount, 1, 64);

    /// <summary>Policy versions each silo keeps loaded for its rollout workers. Default 4.</summary>
    public int CachedPolicies { get; set; } = 4;

    /// <summary>How often runs and sweeps check on themselves through a reminder (restarting after a silo loss). Default 1 minute.</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a learner's Open call waits for a warm start or resume to finish before reporting progress (a long poll). Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a silo waits after a rollout request for more requests of the same policy version to sample in the same batch. Default 5 ms; 0 batches only what queued up meanwhile.</summary>
    public TimeSpan RolloutBatchWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Consecutive failed attempts at a step before a run is marked failed. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before retrying a failed step the first time; it doubles with each further failure up to <see cref="MaxRetryDelay"/>. Default 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between retries of a failed step. Default 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a run or learner that is stepping keeps its activation alive past Orleans' idle collection (renewed each step). Default 1 hour.</summary>
    public TimeSpan BusyDeactivationDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Fault injection for chaos tests: a pause between writing a checkpoint's files and committing it (renaming its
    /// folder into place), so a test can kill the silo in the middle of a checkpoint write. Default 0; at most 1 minute.
    /// </summary>
    public TimeSpan CheckpointCommitPause { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Fault injection for chaos tests: the learner's update of this step throws once, after its optimizer steps moved
    /// the weights and before the step is recorded, as a LibTorch error in the middle of a step would. Default 0 (never).
    /// </summary>
    public int FaultAfterUpdateAtStep { get; set; }

    /// <summary>Orleans' response timeout for grain calls on this silo: a learner update or a warm start may take minutes. Default 10 minutes.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// True opens runs (warm start, resume, first evaluation) on a thread of their own, so the steps of runs already
    /// open keep going meanwhile instead of waiting minutes for a warm start; worth it when the silo has cores (or a
    /// GPU) to spare. False (default) queues openings with the other tensor work, which gives the most throughput on
    /// a small CPU machine, where the two would only share the same cores.
    /// </summary>
    public bool OpeningThread { get; set; }

    /// <summary>
    /// False makes the silo inspect-only: sweeps and runs answer queries (and can be cancelled) but never start or
    /// continue work; starting a sweep is refused. The CLI's <c>status</c>, <c>results</c> and <c>cancel</c> use it
    /// on their embedded silo, so reading an unfinished sweep does not resume it for the few seconds the command lives.
    /// Default true.
    /// </summary>
    public bool DriveRuns { get; set; } = true;

    /// <summary>True when <see cref="Roles"/> lists <paramref name="role"/>.</summary>
    public bool HasRole(string role) => SiloRoles.Includes(Roles, role);

    /// <summary>The wait before the next attempt after <paramref name="failures"/> consecutive failures (exponential, capped).</summary>
    public TimeSpan RetryDelayAfter(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks * (1L << Math.Clamp(failures - 1, 0, 20))));

    /// <summary>Throws naming the first setting outside its allowed range.</summary>
    public RlvrOptions Validate()
    {
        var unknown = Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(r => !SiloRoles.All.Contains(r, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Rlvr:Roles: unknown role(s) {string.Join(", ", unknown)}; valid: {string.Join(", ", SiloRoles.All)}.", "Rlvr:Roles");
        }

        Require(RolloutWorkers is >= 1 and <= 4096, "Rlvr:RolloutWorkers", RolloutWorkers, "must be in [1, 4096]");
        Require(TensorThreads is >= 0 and <= 64, "Rlvr:TensorThreads", TensorThreads, "must be in [0, 64] (0: one per core)");
        Require(CachedPolicies is >= 1 and <= 64, "Rlvr:CachedPolicies", CachedPolicies, "must be in [1, 64]");
        Require(ReminderPeriod >= TimeSpan.FromSeconds(1), "Rlvr:ReminderPeriod", ReminderPeriod, "must be at least 1 second");
        Require(PollInterval > TimeSpan.Zero, "Rlvr:PollInterval", PollInterval, "must be positive");
        Require(RolloutBatchWindow >= TimeSpan.Zero && RolloutBatchWindow <= TimeSpan.FromSeconds(10), "Rlvr:RolloutBatchWindow", RolloutBatchWindow, "must be in [0, 10 s]");
        Require(MaxAttempts is >= 1 and <= 1000, "Rlvr:MaxAttempts", MaxAttempts, "must be in [1, 1000]");
        Require(RetryDelay >= TimeSpan.Zero && RetryDelay <= TimeSpan.FromHours(1), "Rlvr:RetryDelay", RetryDelay, "must be in [0, 1 h]");
        Require(MaxRetryDelay >= RetryDelay && MaxRetryDelay <= TimeSpan.FromHours(1), "Rlvr:MaxRetryDelay", MaxRetryDelay, "must be in [Rlvr:RetryDelay, 1 h]");
        Require(BusyDeactivationDelay >= TimeSpan.FromMinutes(1), "Rlvr:BusyDeactivationDelay", BusyDeactivationDelay, "must be at least 1 minute");
        Require(ResponseTimeout >= TimeSpan.FromSeconds(5), "Rlvr:ResponseTimeout", ResponseTimeout, "must be at least 5 seconds");
        Require(FaultAfterUpdateAtStep >= 0, "Rlvr:FaultAfterUpdateAtStep", FaultAfterUpdateAtStep, "must be 0 (never) or a step");
        Require(CheckpointCommitPause >= TimeSpan.Zero && CheckpointCommitPause <= TimeSpan.FromMinutes(1), "Rlvr:CheckpointCommitPause", CheckpointCommitPause, "must be between 0 and 1 minute");
        return this;
    }

    private static void Require(bool condition, string field, object value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(field, value, $"{field} {rule}.");
        }
    }
}
