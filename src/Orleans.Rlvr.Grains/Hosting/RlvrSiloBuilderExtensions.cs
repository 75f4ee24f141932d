using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Grains.Storage;
using Orleans.Rlvr.Training.Engine;
using Orleans.Serialization;

namespace Orleans.Rlvr.Grains.Hosting;

/// <summary>Wires the Orleans.Rlvr grains into a silo from configuration (sections <c>Rlvr</c>, <c>Checkpoints</c>, <c>Torch</c>, <c>Storage</c>).</summary>
public static class RlvrSiloBuilderExtensions
{
    /// <summary>
    /// Registers the grains' services, the <c>rlvr</c> grain storage (file or memory here; Redis by the silo host),
    /// and, on silos without the <c>learner</c> role, removes the learner grain class so that Orleans places learners
    /// only on learner silos.
    /// </summary>
    public static ISiloBuilder AddRlvr(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        services.AddOptions<RlvrOptions>().Bind(configuration.GetSection(RlvrOptions.Section)).Validate(o => o.Validate() is not null).ValidateOnStart();
        services.AddOptions<CheckpointOptions>().Bind(configuration.GetSection(CheckpointOptions.Section));
        services.AddOptions<TorchOptions>().Bind(configuration.GetSection(TorchOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TensorWorkQueue>();
        services.AddSingleton<PolicyCache>();
        services.AddSingleton<RolloutBatcher>();
        services.AddSingleton<RunCatalog>();
        services.AddPlacementDirector<SiloKeyedPlacement, SiloKeyedPlacementDirector>();

        var rlvr = configuration.GetSection(RlvrOptions.Section).Get<RlvrOptions>() ?? new RlvrOptions();
        rlvr.Validate();
        if (!rlvr.HasRole(SiloRoles.Learner))
        {
            services.PostConfigure<GrainTypeOptions>(o => o.Classes.Remove(typeof(LearnerGrain)));
        }

        // Learner steps and evaluations of large presets can outlast Orleans's 30 s default.
        services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = rlvr.ResponseTimeout);
        services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(o.MinimumReminderPeriod.Ticks, rlvr.ReminderPeriod.Ticks)));

        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        switch (storage.Provider.ToLowerInvariant())
        {
            case "file":
                var root = configuration.GetSection(CheckpointOptions.Section).Get<CheckpointOptions>()?.FullRoot ?? new CheckpointOptions().FullRoot;
                var folder = Path.Combine(root, storage.Folder);
                services.AddGrainStorage(RlvrStorage.Name, (sp, _) => new FileGrainStorage(folder, sp.GetRequiredService<Serializer>()));
                break;
            case "memory":
                builder.AddMemoryGrainStorage(RlvrStorage.Name);
                break;
            case "redis":
                break; // The silo host adds the Redis provider under the same name.
            default:
                throw new ArgumentException($"Storage:Provider: unknown provider '{storage.Provider}'; valid: File, Memory, Redis.", "Storage:Provider");
        }

        return builder;
    }
}
