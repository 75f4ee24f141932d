using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit.Abstractions;

namespace Orleans.Rlvr.Cli.Tests;

/// <summary>
/// compose.yaml as a user runs it: <c>docker-compose up</c> (Redis and three silos from the locally built images),
/// <c>rlvr sweep --connect</c> from this machine, <c>docker-compose down -v</c>. Needs Docker, docker-compose and the
/// images (build/test.sh provides all three).
/// </summary>
public sealed class ComposeClusterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _project = $"rlvrcompose{Guid.NewGuid().ToString("N")[..8]}";
    private readonly string _folder = Directory.CreateTempSubdirectory("rlvr-compose-").FullName;
    private readonly int _redisPort = FreePort();
    private readonly string _redisPassword = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public void Dispose()
    {
        Compose(TimeSpan.FromMinutes(2), "down", "-v", "--timeout", "10");
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SmokeSweep_AgainstTheComposeCluster_CompletesEveryRunOnLearnerSilos()
    {
        var (upCode, upOutput) = Compose(TimeSpan.FromMinutes(3), "up", "-d");
        Assert.True(upCode == 0, $"docker-compose up exited {upCode}: {upOutput}");

        var environment = new Dictionary<string, string>
        {
            ["RLVR_Cluster__Clustering"] = "Redis",
            ["RLVR_Cluster__Redis"] = $"localhost:{_redisPort},password={_redisPassword},abortConnect=false",
            ["RLVR_Cluster__ConnectTimeout"] = "00:01:00",   // the silos join the cluster a few seconds after their containers start
            ["RLVR_Checkpoints__Root"] = Path.Combine(_folder, "runs"),
        };
        using var sweep = RlvrProcess.Start(
            ["sweep", "--connect", "--preset", "smoke", "--aggregators", "grpo,delta-l", "--seeds", "1", "--steps", "3", "--json"], _folder, environment);
        var stdout = sweep.StandardOutput.ReadToEndAsync();
        var stderr = sweep.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var finished = await sweep.WaitForExitAsync(limit.Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
        if (!finished || sweep.ExitCode != 0)
        {
            output.WriteLine(Compose(TimeSpan.FromMinutes(1), "logs", "--no-color", "--tail", "40").Output);
        }

        Assert.True(finished, "rlvr sweep --connect did not finish within 5 minutes");
        Assert.True(sweep.ExitCode == 0, $"rlvr sweep --connect exited {sweep.ExitCode}: {await stderr}");
        using var json = JsonDocument.Parse(await stdout);
        Assert.Equal("Finished", json.RootElement.GetProperty("state").GetString());
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(2, runs.Length);
        Assert.All(runs, run =>
        {
            Assert.Equal("Completed", run.GetProperty("status").GetString());
            Assert.Equal(3, run.GetProperty("steps").GetInt32());
        });

        // silo0 is rollout-only: no learner opened there.
        var silo0 = Compose(TimeSpan.FromMinutes(1), "logs", "--no-color", "silo0").Output;
        Assert.Contains("roles rollout", silo0);
        Assert.DoesNotContain("Learner of", silo0);
        Assert.Contains("Learner of", Compose(TimeSpan.FromMinutes(1), "logs", "--no-color", "silo1", "silo2").Output);
    }

    private (int Code, string Output) Compose(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("docker-compose")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-p", _project, "-f", "compose.yaml", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["RLVR_REDIS_PORT"] = _redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RLVR_REDIS_PASSWORD"] = _redisPassword;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker-compose did not start");
        var text = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}");
        }

        return (process.ExitCode, text.Result + error.Result);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "compose.yaml")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"compose.yaml not found above {AppContext.BaseDirectory}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
