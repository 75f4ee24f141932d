namespace Orleans.Rlvr.Training.Checkpoints;

/// <summary>A complete, verified checkpoint: the step it was taken after and the folder holding its files.</summary>
public sealed record CheckpointRef(int Step, string Directory)
{
    /// <summary>The path of one of the checkpoint's files.</summary>
    public string File(string name) => Path.Combine(Directory, name);
}
