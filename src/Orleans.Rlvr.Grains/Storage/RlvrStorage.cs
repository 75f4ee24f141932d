namespace Orleans.Rlvr.Grains;

/// <summary>The grain storage provider name the runs and sweeps persist to (configured in <c>Storage</c>).</summary>
public static class RlvrStorage
{
    public const string Name = "rlvr";
}
