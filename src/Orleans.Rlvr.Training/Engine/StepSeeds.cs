namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Every random draw of a run is seeded from (run seed, step, purpose), never from state carried between steps:
/// a run resumed at step k samples exactly what the uninterrupted run sampled. Stable across processes
/// (unlike <see cref="HashCode"/>, which is randomized per process).
/// </summary>
public static class StepSeeds
{
    /// <summary>One prompt group's sampling: (seed, step, prompt index), the same in one process and on the cluster, so a retried group draws the same responses.</summary>
    public static long Group(int seed, int step, int promptIndex) => Mix(seed, step, 10_000 + (long)promptIndex);

    public static long Evaluation(int seed, int step) => Mix(seed, step, 1_000);

    public static long WarmStart(int seed) => Mix(seed, 0, 2_000);

    public static long Initialization(int seed) => Mix(seed, 0, 3_000);

    public static long MiniBatchOrder(int seed, int step, int epoch) => Mix(seed, step, 4_000 + epoch);

    /// <summary>The adaptive-α probe of a step: which responses it picks and the β fit's bootstrap.</summary>
    public static long AdaptiveAlphaProbe(int seed, int step) => Mix(seed, step, 5_000);

    /// <summary>A SplitMix64-style mix of three integers, folded to a non-negative long.</summary>
    public static long Mix(long a, long b, long c)
    {
        var z = unchecked((ulong)a * 0x9E3779B97F4A7C15UL ^ (ulong)b * 0xBF58476D1CE4E5B9UL ^ (ulong)c * 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) >> 1);
    }
}
