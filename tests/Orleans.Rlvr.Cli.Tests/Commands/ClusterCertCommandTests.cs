using Orleans.Rlvr.Hosting;

namespace Orleans.Rlvr.Cli.Tests.Commands;

/// <summary><c>rlvr cluster-cert</c>, the real executable: a loadable certificate with its key, and no overwriting of an existing one.</summary>
public sealed class ClusterCertCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-cert-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ClusterCert_WritesACertificateTheClusterSettingsLoad_AndRefusesToOverwriteOne()
    {
        var (code, stdout, _) = await Run("cluster-cert", "--out", "cluster.pfx", "--password", "pw");

        Assert.Equal(0, code);
        Assert.Contains("Cluster:Tls:Certificate", stdout);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root, "cluster.pfx")));   // the key is the secret
        }
        using (var certificate = new ClusterTls { Certificate = Path.Combine(_root, "cluster.pfx"), Password = "pw" }.Load())
        {
            Assert.True(certificate.HasPrivateKey);
            Assert.True(certificate.NotAfter > DateTime.UtcNow.AddYears(1));
        }

        var before = await File.ReadAllBytesAsync(Path.Combine(_root, "cluster.pfx"));
        var (again, _, stderr) = await Run("cluster-cert", "--out", "cluster.pfx");
        Assert.Equal(2, again);
        Assert.Contains("--out", stderr);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(_root, "cluster.pfx")));

        var wrongPassword = Assert.Throws<ArgumentException>(() => new ClusterTls { Certificate = Path.Combine(_root, "cluster.pfx"), Password = "nope" }.Load());
        Assert.Contains("Cluster:Tls:Password", wrongPassword.Message);
    }

    private async Task<(int Code, string Stdout, string Stderr)> Run(params string[] arguments)
    {
        using var process = RlvrProcess.Start(arguments, _root);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
