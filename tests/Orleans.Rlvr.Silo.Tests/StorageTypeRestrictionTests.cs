using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Serialization.Configuration;
using Orleans.Serialization.TypeSystem;

namespace Orleans.Rlvr.Silo.Tests;

/// <summary>
/// Grain state is written with Orleans' serializer (File and Redis storage alike). A type named in stored bytes is
/// resolved through the silo's <see cref="TypeConverter"/>, which only admits the types the application's assemblies
/// declare serializable: bytes an attacker wrote into Redis cannot make a silo instantiate another type.
/// </summary>
public sealed class StorageTypeRestrictionTests
{
    [Theory]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    [InlineData("System.IO.FileInfo, System.Private.CoreLib")]
    [InlineData("System.Runtime.Serialization.Formatters.Binary.BinaryFormatter, System.Runtime.Serialization.Formatters")]
    public void ASiloResolvesNoForeignTypeNamedInStoredBytes(string foreign)
    {
        using var host = SiloHost.Build(["--Cluster:SiloPort=11314", "--Cluster:GatewayPort=30314", "--Cluster:PrimarySiloPort=11314", "--Operations:Urls="]);
        var types = host.Services.GetRequiredService<TypeConverter>();

        Assert.False(host.Services.GetRequiredService<IOptions<TypeManifestOptions>>().Value.AllowAllTypes);
        var refusal = Assert.Throws<InvalidOperationException>(() => types.Parse(foreign));
        Assert.Contains("is not allowed", refusal.Message);
        Assert.Equal(typeof(ExperimentState), types.Parse(types.Format(typeof(ExperimentState))));   // our own state types resolve
    }
}
