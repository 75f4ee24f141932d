using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orleans.Rlvr.Grains.Configuration;

/// <summary>Chooses the silo named by the grain's key; refuses a key that names no compatible silo.</summary>
public sealed class SiloKeyedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == key);
        return silo is not null
            ? Task.FromResult(silo)
            : throw new OrleansException($"No active silo at '{key}' can host {target.GrainIdentity.Type}.");
    }
}
