namespace Orleans.Rlvr.Grains.Configuration;

/// <summary>Where runs keep their checkpoints (configuration section <c>Checkpoints</c>); every silo of a cluster must see the same folder.</summary>
public sealed class CheckpointOptions
{
    public const string Section = "Checkpoints";

    /// <summary>The checkpoint root: a local folder embedded, a shared volume in a hosted cluster. Default <c>./runs</c>.</summary>
    public string Root { get; set; } = "runs";

    /// <summary>The root as an absolute path.</summary>
    public string FullRoot => Path.GetFullPath(Root);
}
