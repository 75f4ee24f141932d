using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Rlvr.Hosting;

namespace Orleans.Rlvr.Silo;

/// <summary>Builds and runs the silo host: configuration, logging, Orleans with the Orleans.Rlvr grains, graceful shutdown.</summary>
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

    /// <summary>The configured host, not yet started. Settings are validated here, so a bad value fails before any port opens.</summary>
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        Configure(builder.Configuration, args);

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddHostedService<SiloBanner>();

        var configuration = builder.Configuration;
        builder.UseOrleans(silo => silo.UseRlvrCluster(configuration));
        return builder.Build();
    }

    /// <summary>Layers the sources in the documented order; the command line stays last so it wins.</summary>
    internal static void Configure(ConfigurationManager configuration, string[] args)
    {
        configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true);
        configuration.AddEnvironmentVariables("RLVR_");
        configuration.AddCommandLine(args);
    }
}
