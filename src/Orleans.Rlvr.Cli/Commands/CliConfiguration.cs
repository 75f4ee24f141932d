using Microsoft.Extensions.Configuration;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// The CLI's configuration: appsettings.json beside the executable, then one in the current directory, then
/// environment variables (<c>RLVR_Torch__Device=cuda</c>), later sources winning.
/// </summary>
public static class CliConfiguration
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables("RLVR_")
        .Build();

    public static TorchOptions Torch(IConfiguration configuration) =>
        configuration.GetSection(TorchOptions.Section).Get<TorchOptions>() ?? new TorchOptions();

    /// <summary>Where runs are written unless <c>--out</c> says otherwise.</summary>
    public static string RunsRoot(IConfiguration configuration) =>
        configuration["Checkpoints:Root"] is { Length: > 0 } root ? root : "./runs";
}
