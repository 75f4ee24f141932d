namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>
/// An aggregation that learns during a run: before each step's update it may probe the step's batch, and it
/// checkpoints what it learned as an <see cref="AggregationState"/>. The learner calls it without knowing which one it is.
/// </summary>
public interface IAdaptiveAggregation : ILossAggregation
{
    /// <summary>Called once per step before the update (so the step already uses what it learns); returns metrics to record.</summary>
    IReadOnlyDictionary<string, double> BeforeUpdate(int step, IGradientProbe probe);

    /// <summary>What a checkpoint must hold to continue bit-identically.</summary>
    AggregationState State { get; }

    /// <summary>Continues from a checkpoint's <see cref="State"/>.</summary>
    void Restore(AggregationState state);
}

/// <summary>Per-response gradient measurements on the step's batch, offered by the learner to adaptive aggregations.</summary>
public interface IGradientProbe
{
    /// <summary>(L_i, ‖g_i − ḡ‖²) of up to <paramref name="count"/> responses with A_i ≠ 0, picked by a shuffle seeded with <paramref name="seed"/>.</summary>
    (int[] Lengths, double[] SquaredDeviations) Measure(int count, long seed);
}
