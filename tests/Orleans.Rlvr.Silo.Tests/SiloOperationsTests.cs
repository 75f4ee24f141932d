using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Hosting;

namespace Orleans.Rlvr.Silo.Tests;

/// <summary>A real silo host started in this process, seen from outside: its /health, dashboard, OTLP export and log format.</summary>
public sealed class SiloOperationsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-silo-ops-").FullName;
    private readonly int _httpPort = LocalPorts.Free();
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Url(string path) => $"http://127.0.0.1:{_httpPort}{path}";

    private string[] Args(params string[] more)
    {
        int silo = LocalPorts.Free(), gateway = LocalPorts.Free();
        return
        [
            $"--Cluster:SiloPort={silo}", $"--Cluster:GatewayPort={gateway}", $"--Cluster:PrimarySiloPort={silo}",
            $"--Checkpoints:Root={_root}", $"--Operations:Urls=http://127.0.0.1:{_httpPort}", .. more,
        ];
    }

    [Fact]
    public async Task Health_OfARunningSilo_Answers200WithItsActiveMembershipAndReachableStorage()
    {
        await using var silo = await Started(Args());

        var (status, health) = await Get("/health");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("Active", health.GetProperty("siloStatus").GetString());
        var member = Assert.Single(health.GetProperty("members").EnumerateArray());
        Assert.Equal(health.GetProperty("silo").GetString(), member.GetProperty("silo").GetString());
        Assert.True(health.GetProperty("storage").GetProperty("reachable").GetBoolean());
        Assert.Equal("File", health.GetProperty("storage").GetProperty("provider").GetString());
    }

    [Fact]
    public async Task Health_WhenGrainStorageCannotBeWritten_Answers503AndSaysWhy()
    {
        await using var silo = await Started(Args());
        var folder = Path.Combine(_root, "grain-state");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await File.WriteAllTextAsync(folder, "a file where the storage folder should be");

        var (status, health) = await Get("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("storage").GetProperty("reachable").GetBoolean());
        Assert.Equal("Active", health.GetProperty("siloStatus").GetString());
    }

    [Fact]
    public async Task Dashboard_IsServedUnderDashboardOnlyWhenEnabled()
    {
        await using (var plain = await Started(Args()))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(Url("/dashboard"))).StatusCode);
        }

        await using var silo = await Started(Args("--Operations:Dashboard=true"));
        var page = await Http.GetAsync(Url("/dashboard"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OtlpExport_SendsOrleansAndRlvrMetricsToTheCollector()
    {
        using var collector = new FakeOtlpCollector(LocalPorts.Free());
        await using var silo = await Started(Args(
            $"--Operations:OtlpEndpoint={collector.Url}", "--Operations:OtlpProtocol=http/protobuf", "--Operations:MetricExportInterval=00:00:01"));
        silo.Host.Services.GetRequiredService<TensorWorkQueue>();   // the silo's tensor threads start with its first tensor job; make them exist

        var body = await collector.WaitFor("/v1/metrics", text => text.Contains("rlvr.tensor.queue.depth") && text.Contains("orleans-"), TimeSpan.FromSeconds(60));

        Assert.Contains("Orleans.Rlvr", body);
        Assert.Contains("rlvr.tensor.busy.time", body);
        Assert.Contains("rlvr-silo", body);   // the service name of the resource
    }

    [Fact]
    public async Task OtlpEndpointWithNoCollector_LeavesTheSiloRunningAndHealthy()
    {
        await using var silo = await Started(Args($"--Operations:OtlpEndpoint=http://127.0.0.1:{LocalPorts.Free()}", "--Operations:MetricExportInterval=00:00:01"));

        var (status, _) = await Get("/health");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task LogFormatJson_WritesEachLogLineAsAJsonObject()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            await using (await Started(Args("--Operations:LogFormat=json")))
            {
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var banner = Assert.Single(lines, l => l.Contains("up: cluster", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(banner);
        Assert.Equal("Orleans.Rlvr.Silo.SiloBanner", json.RootElement.GetProperty("Category").GetString());
        Assert.Equal("Information", json.RootElement.GetProperty("LogLevel").GetString());
    }

    [Fact]
    public async Task HealthPortAlreadyTaken_ExitsWithTwoNamingOperationsUrls()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, _httpPort);
        taken.Start();

        var (code, error) = await SiloHostTests.Exit(Args());

        Assert.Equal(2, code);
        Assert.Contains("Operations:Urls", error);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Get(string path)
    {
        var response = await Http.GetAsync(Url(path));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    private static async Task<RunningSilo> Started(string[] args)
    {
        var host = SiloHost.Build(args);
        await host.StartAsync();
        return new RunningSilo(host);
    }

    private sealed class RunningSilo(IHost host) : IAsyncDisposable
    {
        public IHost Host { get; } = host;

        public async ValueTask DisposeAsync()
        {
            await Host.StopAsync();
            Host.Dispose();
        }
    }

    /// <summary>An OTLP/HTTP endpoint that keeps every request body (protobuf: names and string attributes appear as UTF-8).</summary>
    private sealed class FakeOtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<(string Path, string Body)> _received = [];
        private readonly SemaphoreSlim _arrived = new(0);

        public FakeOtlpCollector(int port)
        {
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Serve();
        }

        public string Url { get; }

        public async Task<string> WaitFor(string path, Func<string, bool> match, TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            while (true)
            {
                lock (_received)
                {
                    var found = _received.FirstOrDefault(r => r.Path == path && match(r.Body));
                    if (found.Body is not null)
                    {
                        return found.Body;
                    }
                }

                await _arrived.WaitAsync(cancel.Token);
            }
        }

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (_received)
                {
                    _received.Add((context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray())));
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
                _arrived.Release();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
