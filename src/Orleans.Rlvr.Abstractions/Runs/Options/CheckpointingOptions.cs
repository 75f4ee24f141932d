namespace Orleans.Rlvr.Runs;

/// <summary>When a run writes its atomic, hashed checkpoints.</summary>
[GenerateSerializer, Immutable, Alias("rlvr.CheckpointingOptions")]
public sealed record CheckpointingOptions
{
    /// <summary>Checkpoint every this many steps (and after the last and at every evaluation).</summary>
    [Id(0)] public int Every { get; init; } = 5;

    public CheckpointingOptions Validate()
    {
        Guard.Range("checkpointing.every", Every, 1);
        return this;
    }
}
