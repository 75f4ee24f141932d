using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using Orleans.Rlvr.Hosting;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Silo;

/// <summary>Builds and runs the silo host: configuration, logging, Orleans with the Orleans.Rlvr grains, the operations endpoint and telemetry, graceful shutdown.</summary>
public static class SiloHost
{
    /// <summary>How long a stopping silo may take to hand its grains off (learners finish or abandon their step).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs until SIGTERM/SIGINT. Returns 0 after a clean stop, 2 for invalid settings, 1 for other failures.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        IHost host;
        try
        {
            host = Build(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"rlvr-silo: invalid settings: {e.Message}");
            return 2;
        }

        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (IOException e) when (e.Message.Contains("bind", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"rlvr-silo: Operations:Urls: {e.Message} Give another port, or nothing to serve no endpoint.");
            return 2;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"rlvr-silo: invalid settings: {e.Message}");
            return 2;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"rlvr-silo: stopped by an error: {e}");
            return 1;
        }
        finally
        {
            host.Dispose();
        }
    }

    /// <summary>
    /// The configured host, not yet started. Settings are validated here, so a bad value fails before any port opens.
    /// Besides the silo it serves <c>/health</c> (and the dashboard) on <c>Operations:Urls</c> (<see cref="OperationsOptions"/>).
    /// </summary>
    public static IHost Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        Configure(builder.Configuration, args);
        var operations = OperationsOptions.From(builder.Configuration).Validate();

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (operations.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddHostedService<SiloBanner>();
        builder.Services.AddSingleton<SiloHealth>();
        SiloTelemetry.Add(builder, operations);
        if (operations.Endpoints.Count == 0)
        {
            builder.Services.AddSingleton<IServer, NoServer>();
        }
        else
        {
            builder.WebHost.UseUrls([.. operations.Endpoints.Select(u => u.ToString())]);
        }

        var configuration = builder.Configuration;
        builder.UseOrleans(silo =>
        {
            silo.UseRlvrCluster(configuration);
            if (operations.Dashboard)
            {
                silo.AddDashboard();
            }

            if (SiloTelemetry.Enabled(operations))
            {
                silo.AddActivityPropagation();
            }
        });

        var app = builder.Build();
        app.MapGet("/health", async (SiloHealth health, CancellationToken cancel) =>
        {
            var report = await health.Check(cancel);
            return Results.Json(report, RlvrJson.Compact, statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        if (operations.Dashboard)
        {
            app.MapOrleansDashboard("/dashboard");
        }

        return app;
    }

    /// <summary>Layers the sources in the documented order; the command line stays last so it wins.</summary>
    internal static void Configure(ConfigurationManager configuration, string[] args)
    {
        configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        configuration.AddEnvironmentVariables("RLVR_");
        configuration.AddCommandLine(args);
    }
}
