using Microsoft.Extensions.Configuration;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Hosting;

/// <summary>
/// What a silo needs besides its cluster membership, one configuration section each: the grains' settings
/// (<c>Rlvr</c>), the checkpoint root (<c>Checkpoints</c>), LibTorch (<c>Torch</c>) and grain storage (<c>Storage</c>).
/// Every property starts at its section's defaults, which run an embedded silo.
/// </summary>
public sealed class RlvrSiloOptions
{
    /// <summary>Roles, rollout pool, tensor threads, retries and timeouts (section <c>Rlvr</c>). Default: <see cref="RlvrOptions"/>'s defaults (both roles, 8 rollout workers).</summary>
    public RlvrOptions Rlvr { get; set; } = new();

    /// <summary>The checkpoint root every silo of a cluster must see (section <c>Checkpoints</c>). Default <c>./runs</c>.</summary>
    public CheckpointOptions Checkpoints { get; set; } = new();

    /// <summary>Device and threads of LibTorch (section <c>Torch</c>). Default: CPU, LibTorch's own thread count.</summary>
    public TorchOptions Torch { get; set; } = new();

    /// <summary>Where runs and sweeps persist (section <c>Storage</c>). Default: files under <c>grain-state</c> in the checkpoint root.</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>The four sections of <paramref name="configuration"/>; a missing section or key keeps its default.</summary>
    public static RlvrSiloOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new RlvrSiloOptions
        {
            Rlvr = configuration.GetSection(RlvrOptions.Section).Get<RlvrOptions>() ?? new RlvrOptions(),
            Checkpoints = configuration.GetSection(CheckpointOptions.Section).Get<CheckpointOptions>() ?? new CheckpointOptions(),
            Torch = configuration.GetSection(TorchOptions.Section).Get<TorchOptions>() ?? new TorchOptions(),
            Storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions(),
        };
    }

    /// <summary>Throws naming the first setting outside its allowed range.</summary>
    public RlvrSiloOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Rlvr, nameof(Rlvr));
        ArgumentNullException.ThrowIfNull(Checkpoints, nameof(Checkpoints));
        ArgumentNullException.ThrowIfNull(Torch, nameof(Torch));
        ArgumentNullException.ThrowIfNull(Storage, nameof(Storage));
        Rlvr.Validate();
        Storage.Validate();
        return this;
    }
}
