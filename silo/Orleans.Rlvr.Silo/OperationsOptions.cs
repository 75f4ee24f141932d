using Microsoft.Extensions.Configuration;

namespace Orleans.Rlvr.Silo;

/// <summary>
/// What a silo shows operators (configuration section <c>Operations</c>): an HTTP endpoint with <c>/health</c> (and
/// the Orleans Dashboard under <c>/dashboard</c> when enabled), OpenTelemetry export over OTLP, and the console log's
/// format. The endpoint listens on loopback by default; telemetry is off until an endpoint is given.
/// </summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>Where the silo serves <c>/health</c> (and <c>/dashboard</c>); empty: no HTTP endpoint. Default <c>http://127.0.0.1:8080</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Serve the Orleans Dashboard under <c>/dashboard</c> on <see cref="Urls"/>. Default false.</summary>
    public bool Dashboard { get; set; }

    /// <summary>An OTLP collector (e.g. <c>http://collector:4317</c>): Orleans' meters and activity sources and the <c>Orleans.Rlvr</c> meter are exported there. Empty (default): no export.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>OTLP transport: <c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are exported to <see cref="OtlpEndpoint"/>, 1 s to 1 h. Default 15 s.</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Console log lines: <c>simple</c> (default, one line each) or <c>json</c> (one JSON object per line, for log shippers).</summary>
    public string LogFormat { get; set; } = "simple";

    /// <summary>The section of <paramref name="configuration"/>; missing keys keep their defaults.</summary>
    public static OperationsOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<OperationsOptions>() ?? new OperationsOptions();

    /// <summary>The endpoint's URLs (none when <see cref="Urls"/> is empty).</summary>
    public IReadOnlyList<Uri> Endpoints => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u)).ToArray();

    /// <summary>Throws naming the first setting outside its allowed values.</summary>
    public OperationsOptions Validate()
    {
        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
            {
                throw new ArgumentException($"Operations:Urls: '{url}' is not an http://host:port URL; give e.g. http://127.0.0.1:8080, several separated by ';', or nothing to serve no endpoint.", "Operations:Urls");
            }
        }

        if (Dashboard && Endpoints.Count == 0)
        {
            throw new ArgumentException("Operations:Dashboard: the dashboard is served on Operations:Urls, which is empty; give a URL or set Dashboard to false.", "Operations:Dashboard");
        }

        if (OtlpEndpoint.Length > 0 && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var otlp) || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"Operations:OtlpEndpoint: '{OtlpEndpoint}' is not an http(s) URL of an OTLP collector (e.g. http://localhost:4317); leave it empty for no export.", "Operations:OtlpEndpoint");
        }

        if (OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            throw new ArgumentException($"Operations:OtlpProtocol: '{OtlpProtocol}' is not one of grpc, http/protobuf.", "Operations:OtlpProtocol");
        }

        if (MetricExportInterval < TimeSpan.FromSeconds(1) || MetricExportInterval > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"Operations:MetricExportInterval: {MetricExportInterval} is outside 00:00:01 to 01:00:00.", "Operations:MetricExportInterval");
        }

        if (LogFormat is not ("simple" or "json"))
        {
            throw new ArgumentException($"Operations:LogFormat: '{LogFormat}' is not one of simple, json.", "Operations:LogFormat");
        }

        return this;
    }
}
