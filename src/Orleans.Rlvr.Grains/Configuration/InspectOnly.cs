namespace Orleans.Rlvr.Grains.Configuration;

/// <summary>The one refusal of an inspect-only silo (<see cref="RlvrOptions.DriveRuns"/> false).</summary>
internal static class InspectOnly
{
    /// <summary>Throws when the silo does not drive runs, naming the setting and what was refused.</summary>
    public static void Refuse(RlvrOptions options, string action)
    {
        if (!options.DriveRuns)
        {
            throw new InvalidOperationException($"Cannot {action}: this silo is inspect-only (Rlvr:DriveRuns is false); it answers queries but starts no work.");
        }
    }
}
