using Orleans.Placement;
using Orleans.Runtime;

namespace Orleans.Rlvr.Grains.Configuration;

/// <summary>Places a grain on the silo whose parsable address (<see cref="SiloAddress.ToParsableString"/>) is its string key.</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("rlvr.SiloKeyedPlacement")]
public sealed class SiloKeyedPlacement : PlacementStrategy
{
    public static SiloKeyedPlacement Instance { get; } = new();
}

/// <summary>Marks a grain class for <see cref="SiloKeyedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloKeyedPlacementAttribute() : PlacementAttribute(SiloKeyedPlacement.Instance);
