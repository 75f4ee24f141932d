using Orleans.Rlvr.Testing;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Cluster;
using Orleans.Rlvr.Sweeps;
using Xunit.Abstractions;

namespace Orleans.Rlvr.IntegrationTests;

/// <summary>Redis and three silo containers; the test process, as a client, runs one four-run sweep that every test reads.</summary>
public sealed class SweepOnHostedClusterTests(FinishedSweepFixture sweep, ITestOutputHelper output) : IClassFixture<FinishedSweepFixture>
{
    [Fact]
    public Task FourRunSweep_CompletesEveryRunWithEachStepOnce() => sweep.Cluster.WithLogsOnFailure(output, async () =>
    {
        await SweepAssertions.EveryRunCompletedWithEachStepOnce(sweep.Cluster, sweep.Status, FinishedSweepFixture.Steps);
        Assert.All(sweep.Status.Runs, r => Assert.Equal(0, r.StepsRedone));
    });

    [Fact]
    public async Task Redis_RefusesAConnectionWithoutThePassword_AndAcceptsOneWithIt()
    {
        // A raw RESP command, not a multiplexer: StackExchange.Redis reports a failed handshake as "no connection is
        // available", with or without the server's NOAUTH depending on how far its handshake had got (seen once in CI).
        using (var stranger = new System.Net.Sockets.TcpClient())
        {
            await stranger.ConnectAsync("localhost", sweep.Cluster.RedisPort);
            var stream = stranger.GetStream();
            await stream.WriteAsync("*2\r\n$3\r\nGET\r\n$8\r\nanything\r\n"u8.ToArray());
            using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
            var reply = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.StartsWith("-NOAUTH", reply);
        }

        using var member = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"localhost:{sweep.Cluster.RedisPort},password={sweep.Cluster.RedisPassword}");
        Assert.True((await member.GetDatabase().PingAsync()) >= TimeSpan.Zero);
    }

    [Fact]
    public Task LearnerGrains_RunOnLearnerRoleSilosOnly() => sweep.Cluster.WithLogsOnFailure(output, () =>
    {
        Assert.NotEmpty(sweep.LearnerSilos);
        Assert.All(sweep.LearnerSilos, silo => Assert.True(sweep.Cluster.IsLearnerSilo(silo), $"a learner ran on {silo}, which has the rollout role only"));
        output.WriteLine($"learners ran on: {string.Join(", ", sweep.LearnerSilos)}");
        return Task.CompletedTask;
    });

    [Fact]
    public Task ComputeReports_ComeFromEverySiloContainer() => sweep.Cluster.WithLogsOnFailure(output, async () =>
    {
        var reports = await ClusterCompute.Reports(sweep.Cluster.Client);

        Assert.Equal(HostedCluster.DefaultRoles.Count, reports.Count);
        Assert.Equal(HostedCluster.DefaultRoles.Order(StringComparer.Ordinal), reports.Select(r => r.Roles).Order(StringComparer.Ordinal));
        Assert.All(reports, r => Assert.Equal(r.Roles.Contains("learner", StringComparison.Ordinal), sweep.Cluster.IsLearnerSilo(r.Silo)));
        Assert.All(reports.Where(r => sweep.LearnerSilos.Contains(r.Silo)), r => Assert.True(r.Busy > TimeSpan.Zero, $"{r.Silo} hosted learners but was never busy"));
        Assert.True(reports.Sum(r => r.RolloutRequests) > 0);
        foreach (var r in reports)
        {
            output.WriteLine($"{r.Silo} ({r.Roles}): {r.Jobs} jobs, busy {r.Busy.TotalSeconds:F1} s of {r.Uptime.TotalSeconds:F1} s, {r.RolloutRequests} groups in {r.RolloutBatches} sampler calls");
        }
    });
}

/// <summary>Starts the cluster and runs the sweep once, recording every silo a learner was seen on while it ran.</summary>
public sealed class FinishedSweepFixture : IAsyncLifetime
{
    public const int Steps = 6;

    public HostedCluster Cluster { get; private set; } = null!;

    public SweepStatus Status { get; private set; } = null!;

    public HashSet<string> LearnerSilos { get; } = [];

    public async Task InitializeAsync()
    {
        Cluster = await HostedCluster.StartAsync();
        try
        {
            await Cluster.Client.GetGrain<ISweepGrain>("it-sweep").Start(SweepAssertions.FourRuns(Steps));
            Status = await Cluster.WaitForSweep("it-sweep", TimeSpan.FromMinutes(8), s =>
            {
                LearnerSilos.UnionWith(s.Runs.Select(r => r.LearnerSilo).OfType<string>());
                return Task.CompletedTask;
            });
            LearnerSilos.UnionWith(Status.Runs.Select(r => r.LearnerSilo).OfType<string>());
        }
        catch (Exception e)
        {
            // A fixture has no test output: the containers' logs travel in the exception every test reports.
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}{await Cluster.Logs()}", e);
        }
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
