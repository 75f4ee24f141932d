namespace Orleans.Rlvr.Grains.Configuration;

/// <summary>The roles a silo can declare in <c>Rlvr:Roles</c>.</summary>
public static class SiloRoles
{
    /// <summary>May host learner grains (model + optimizer): the GPU silos of a real cluster.</summary>
    public const string Learner = "learner";

    /// <summary>Hosts rollout workers, prompt groups, runs and sweeps.</summary>
    public const string Rollout = "rollout";

    public static IReadOnlyList<string> All { get; } = [Learner, Rollout];

    /// <summary>Whether the comma-separated <paramref name="roles"/> (a <c>Rlvr:Roles</c> value) include <paramref name="role"/>.</summary>
    public static bool Includes(string roles, string role) =>
        roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(role, StringComparer.OrdinalIgnoreCase);
}
