namespace Orleans.Rlvr.Rollouts;

/// <summary>
/// A group's place in its sampling round on one silo: the silo waits for all <paramref name="Size"/> groups of the round
/// and samples them in one call, ordered by <paramref name="Position"/> — the batch the one-process trainer samples —
/// so that a run's samples, which depend in their last bits on the batch they are computed in, do not depend on
/// when its requests happen to arrive.
/// </summary>
/// <param name="Size">How many of the round's groups this silo samples.</param>
/// <param name="Position">This group's position among them (prompt order).</param>
[GenerateSerializer, Immutable, Alias("rlvr.RoundSlot")]
public sealed record RoundSlot(
    [property: Id(0)] int Size,
    [property: Id(1)] int Position);
