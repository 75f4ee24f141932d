using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Rlvr.Training.Telemetry;

namespace Orleans.Rlvr.Silo;

/// <summary>
/// OpenTelemetry export of a silo when <c>Operations:OtlpEndpoint</c> is set: Orleans' meter and activity sources and
/// the project's <see cref="RlvrMeter"/>, over OTLP. A collector that is not there costs a failed export per interval,
/// logged by the SDK's own event source, never an error of the silo.
/// </summary>
internal static class SiloTelemetry
{
    /// <summary>Orleans' meter and activity sources.</summary>
    public static readonly string[] OrleansMeters = ["Microsoft.Orleans"];
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static bool Enabled(OperationsOptions operations) => operations.OtlpEndpoint.Length > 0;

    public static void Add(IHostApplicationBuilder builder, OperationsOptions operations)
    {
        if (!Enabled(operations))
        {
            return;
        }

        var endpoint = new Uri(operations.OtlpEndpoint);
        var protocol = operations.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("rlvr-silo", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter([.. OrleansMeters, RlvrMeter.Name])
                .AddOtlpExporter((exporter, reader) =>
                {
                    Configure(exporter, endpoint, protocol, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)operations.MetricExportInterval.TotalMilliseconds;
                }))
            .WithTracing(tracing => tracing
                .AddSource(OrleansSources)
                .AddOtlpExporter(exporter => Configure(exporter, endpoint, protocol, "v1/traces")));
    }

    /// <summary>gRPC takes the collector's address as is; OTLP over HTTP wants the signal's path, which a programmatic endpoint does not get by itself.</summary>
    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        exporter.Protocol = protocol;
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath == "/" ? new Uri(endpoint, signalPath) : endpoint;
    }
}
