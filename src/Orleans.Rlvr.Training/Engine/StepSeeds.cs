namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Every random draw of a run is seeded from (run seed, step, purpose), never from state carried between steps:
/// a run resumed at step k samples exactly what the uninterrupted run sampled.
/// </summary>
public static class StepSeeds
{
    public static long Rollout(int seed, int step, int round) => Mix(seed, step, 1 + round);

    public static long Evaluation(int seed, int step) => Mix(seed, step, 1_000);

    public static long WarmStart(int seed) => Mix(seed, 0, 2_000);

    public static long Initialization(int seed) => Mix(seed, 0, 3_000);

    /// <summary>SplitMix64 of the three parts, folded to a non-negative long.</summary>
    private static long Mix(int seed, int step, int purpose)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)step * 0xBF58476D1CE4E5B9UL ^ (ulong)purpose * 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) >> 1);
    }
}
