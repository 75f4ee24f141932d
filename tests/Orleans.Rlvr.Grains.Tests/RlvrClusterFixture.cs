using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using Orleans.Rlvr.Hosting;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Tests.Shared;
using Orleans.TestingHost;

namespace Orleans.Rlvr.Grains.Tests;

/// <summary>
/// An in-process cluster: the primary silo has only the rollout role, every further silo is a learner silo too.
/// Grain state is file storage under a temporary checkpoint root shared by all silos (as a volume would be).
/// </summary>
public sealed class RlvrClusterFixture : IAsyncLifetime
{
    public string Root { get; init; } = Path.Combine(Path.GetTempPath(), "rlvr-grains-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>False gives inspect-only silos (Rlvr:DriveRuns false).</summary>
    public bool DriveRuns { get; init; } = true;

    /// <summary>Whether disposal deletes <see cref="Root"/> (false for a second cluster over another's state).</summary>
    public bool DeleteRoot { get; init; } = true;

    /// <summary>Silos of the cluster's build: the rollout-only primary and, when 2 (default), one learner silo.</summary>
    public int InitialSilos { get; init; } = 2;

    /// <summary>Learner silos started after the two of the cluster's build (a test that stops one needs a third).</summary>
    public int AdditionalSilos { get; init; }

    /// <summary>More silo configuration (e.g. fault injection), added to the fixture's own settings.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The name the in-process cluster gives its first silo, the rollout-only one.</summary>
    private const string PrimarySiloName = "Silo_0";

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>Silo names that declare the learner role.</summary>
    public HashSet<string> LearnerSilos { get; } = [];

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder((short)InitialSilos);
        builder.ConfigureSilo((options, silo) =>
        {
            var learner = options.SiloName != PrimarySiloName;
            if (learner)
            {
                lock (LearnerSilos)
                {
                    LearnerSilos.Add(options.SiloName);
                }
            }

            silo.UseInMemoryReminderService();
            silo.UseRlvr(Configuration(learner ? "learner,rollout" : "rollout"));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        for (var i = 0; i < AdditionalSilos; i++)
        {
            await Cluster.StartAdditionalSiloAsync();
        }

        // The role split is what the placement tests prove things about: fail here if the silo naming ever changes.
        var rolloutOnly = Cluster.Silos.Count(s => !LearnerSilos.Contains(s.Name));
        if (rolloutOnly != 1)
        {
            throw new InvalidOperationException($"Expected exactly one rollout-only silo ({PrimarySiloName}), found {rolloutOnly} among {string.Join(", ", Cluster.Silos.Select(s => s.Name))}.");
        }
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (!DeleteRoot)
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The addresses of the silos that declare the learner role.</summary>
    public IReadOnlyList<string> LearnerSiloAddresses() =>
        Cluster.Silos.Where(s => LearnerSilos.Contains(s.Name)).Select(s => s.SiloAddress.ToString()).ToArray();

    /// <summary>Polls the sweep until it is no longer running (<see cref="SweepPolling.WaitForSweep"/>).</summary>
    public Task<SweepStatus> WaitForSweep(IClusterClient client, string sweepId, TimeSpan timeout, Func<SweepStatus, Task>? onPoll = null) =>
        SweepPolling.WaitForSweep(client, sweepId, timeout, onPoll);

    /// <summary>A small sweep on the smoke preset.</summary>
    public static SweepSpec SmokeSweep(int steps = 3, params int[] seeds) => new()
    {
        Name = "test",
        Preset = "smoke",
        Aggregators = ["grpo", "delta-l"],
        Alphas = [1.0],
        Seeds = seeds.Length > 0 ? seeds : [1, 2],
        Steps = steps,
        MaxConcurrentRuns = 4,
    };

    /// <summary>Steps in a run's metrics, in order.</summary>
    public static int[] StepsOf(RunReport report) => report.Metrics.Select(m => m.Step).ToArray();

    private IConfiguration Configuration(string roles) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Checkpoints:Root"] = Root,
        ["Storage:Provider"] = "File",
        ["Rlvr:Roles"] = roles,
        ["Rlvr:RolloutWorkers"] = "4",
        ["Rlvr:ReminderPeriod"] = "00:00:05",
        ["Rlvr:PollInterval"] = "00:00:00.200",
        ["Rlvr:RetryDelay"] = "00:00:00.400",
        ["Torch:Threads"] = "1",
        ["Rlvr:TensorThreads"] = "1",   // two silos share this process
        ["Rlvr:DriveRuns"] = DriveRuns ? "true" : "false",
    }.Concat(Settings)).Build();
}
