namespace Orleans.Rlvr.Testing;

/// <summary>
/// The locally built images (build/images.sh; the test command builds them before running the suite). Override with
/// RLVR_REDIS_IMAGE / RLVR_SILO_IMAGE.
/// </summary>
public static class ClusterImages
{
    public static string Redis => Environment.GetEnvironmentVariable("RLVR_REDIS_IMAGE") is { Length: > 0 } image ? image : "rlvr-redis:latest";

    public static string Silo => Environment.GetEnvironmentVariable("RLVR_SILO_IMAGE") is { Length: > 0 } image ? image : "rlvr-silo:latest";
}
