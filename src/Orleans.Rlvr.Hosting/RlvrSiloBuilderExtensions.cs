using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Hosting.Storage;
using Orleans.Serialization;

namespace Orleans.Rlvr.Hosting;

/// <summary>Wires the Orleans.Rlvr grains into a silo (cluster membership aside: see <see cref="RlvrClusterExtensions"/>).</summary>
public static class RlvrSiloBuilderExtensions
{
    /// <summary>The grains, configured from the sections <c>Rlvr</c>, <c>Checkpoints</c>, <c>Torch</c> and <c>Storage</c> of <paramref name="configuration"/>.</summary>
    public static ISiloBuilder UseRlvr(this ISiloBuilder builder, IConfiguration configuration) =>
        AddRlvr(builder, RlvrSiloOptions.From(configuration));

    /// <summary>The grains, configured in code: <paramref name="configure"/> changes the defaults of <see cref="RlvrSiloOptions"/>.</summary>
    public static ISiloBuilder UseRlvr(this ISiloBuilder builder, Action<RlvrSiloOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RlvrSiloOptions();
        configure(options);
        return AddRlvr(builder, options);
    }

    /// <summary>
    /// Registers the grains' services and options, the <c>rlvr</c> grain storage (file or memory here; Redis by
    /// <see cref="RlvrClusterExtensions.UseRlvrCluster(ISiloBuilder, IConfiguration)"/>), and, on silos without the
    /// <c>learner</c> role, removes the learner grain class so that Orleans places learners only on learner silos.
    /// Settings are validated here, so a bad value fails before any port opens.
    /// </summary>
    internal static ISiloBuilder AddRlvr(ISiloBuilder builder, RlvrSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var services = builder.Services;
        services.AddSingleton(Options.Create(options.Rlvr));
        services.AddSingleton(Options.Create(options.Checkpoints));
        services.AddSingleton(Options.Create(options.Torch));
        services.AddSingleton(Options.Create(options.Storage));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TensorWorkQueue>();
        services.AddSingleton<PolicyCache>();
        services.AddSingleton<RolloutBatcher>();
        services.AddSingleton<RunCatalog>();
        services.AddSingleton<OpenLearners>();
        services.AddPlacementDirector<SiloKeyedPlacement, SiloKeyedPlacementDirector>();

        var rlvr = options.Rlvr;
        if (!rlvr.HasRole(SiloRoles.Learner))
        {
            services.PostConfigure<GrainTypeOptions>(o => o.Classes.Remove(typeof(LearnerGrain)));
        }

        // Learner steps and evaluations of large presets can outlast Orleans's 30 s default.
        services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = rlvr.ResponseTimeout);
        services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(o.MinimumReminderPeriod.Ticks, rlvr.ReminderPeriod.Ticks)));

        switch (options.Storage.Provider.ToLowerInvariant())
        {
            case "file":
                var folder = Path.Combine(options.Checkpoints.FullRoot, options.Storage.Folder);
                services.AddGrainStorage(RlvrStorage.Name, (sp, _) => new FileGrainStorage(folder, sp.GetRequiredService<Serializer>()));
                break;
            case "memory":
                builder.AddMemoryGrainStorage(RlvrStorage.Name);
                break;
            default:
                break; // Redis: UseRlvrCluster adds the Redis provider under the same name (a silo of its own wiring adds it itself).
        }

        return builder;
    }
}
