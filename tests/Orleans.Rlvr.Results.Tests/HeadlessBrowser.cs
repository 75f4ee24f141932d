using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Rlvr.Results.Tests;

/// <summary>
/// Debian's headless Chromium (<c>chromium-headless-shell</c>, installed by build/prerequisites.sh) driven over the
/// DevTools protocol: open a page, wait for its load event, evaluate an expression in it.
/// </summary>
internal sealed class HeadlessBrowser : IAsyncDisposable
{
    public const string Executable = "chromium-headless-shell";

    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _profile;
    private readonly List<JsonObject> _events = [];
    private int _nextId;

    private HeadlessBrowser(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static async Task<HeadlessBrowser> Start(CancellationToken cancel)
    {
        var profile = Directory.CreateTempSubdirectory("rlvr-chromium-").FullName;
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var browser = new HeadlessBrowser(Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start"), profile);
        // Chromium announces its endpoint on stderr: "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID".
        string? line;
        while ((line = await browser._process.StandardError.ReadLineAsync(cancel)) is not null)
        {
            var at = line.IndexOf("ws://", StringComparison.Ordinal);
            if (line.StartsWith("DevTools listening on", StringComparison.Ordinal) && at >= 0)
            {
                await browser._socket.ConnectAsync(new Uri(line[at..].Trim()), cancel);
                return browser;
            }
        }

        throw new InvalidOperationException($"{Executable} exited without a DevTools endpoint");
    }

    /// <summary>Opens <paramref name="url"/> in a new tab, waits for its load event and returns the value of <paramref name="expression"/>.</summary>
    public async Task<JsonNode?> Evaluate(string url, string expression, CancellationToken cancel)
    {
        var target = await Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, cancel);
        var attached = await Send("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null, cancel);
        var session = attached["sessionId"]!.GetValue<string>();
        await Send("Page.enable", [], session, cancel);
        await Send("Page.navigate", new JsonObject { ["url"] = url }, session, cancel);
        await WaitFor("Page.loadEventFired", session, cancel);
        var result = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, session, cancel);
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"the page's script failed: {exception.ToJsonString()}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Returns once the event <paramref name="method"/> of <paramref name="session"/> has arrived (it may have come with an earlier reply).</summary>
    private async Task WaitFor(string method, string session, CancellationToken cancel)
    {
        while (!_events.Any(e => e["method"]?.GetValue<string>() == method && e["sessionId"]?.GetValue<string>() == session))
        {
            _events.Add(JsonNode.Parse(await Receive(cancel))!.AsObject());
        }
    }

    private async Task<JsonObject> Send(string method, JsonObject parameters, string? session, CancellationToken cancel)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancel);
        while (true)
        {
            var reply = JsonNode.Parse(await Receive(cancel))!.AsObject();
            if (reply["id"]?.GetValue<int>() != id)
            {
                _events.Add(reply);   // an event, kept for WaitFor
                continue;
            }

            if (reply["error"] is { } error)
            {
                throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            }

            return reply["result"]!.AsObject();
        }
    }

    private async Task<string> Receive(CancellationToken cancel)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(buffer, cancel);
            text.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return Encoding.UTF8.GetString(text.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
