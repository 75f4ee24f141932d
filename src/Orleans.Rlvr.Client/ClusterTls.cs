using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Orleans.Rlvr.Hosting;

/// <summary>
/// Mutual TLS for every connection of the cluster — silo to silo and client to gateway — with one cluster certificate
/// (configuration section <c>Cluster:Tls</c>): every silo and client presents it, and accepts a peer only if the peer
/// presents the same certificate (pinned by its SHA-256 thumbprint). A process without the certificate's private key
/// cannot join or drive the cluster. <c>rlvr cluster-cert</c> makes a self-signed one for a cluster of your own.
/// </summary>
public sealed class ClusterTls
{
    /// <summary>A PKCS#12 (.pfx) file with the cluster certificate and its private key; empty (default): no TLS.</summary>
    public string Certificate { get; set; } = "";

    /// <summary>The .pfx file's password (empty for none).</summary>
    public string Password { get; set; } = "";

    public bool Enabled => Certificate.Length > 0;

    /// <summary>The certificate, checked: the file exists, loads with the password, and holds a private key. Errors name <c>Cluster:Tls:Certificate</c>.</summary>
    public X509Certificate2 Load()
    {
        if (!File.Exists(Certificate))
        {
            throw new ArgumentException($"Cluster:Tls:Certificate: no file '{Certificate}'; give a .pfx with the cluster certificate and its key (rlvr cluster-cert --out FILE makes one).", "Cluster:Tls:Certificate");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(Certificate, Password.Length > 0 ? Password : null);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"Cluster:Tls:Certificate: '{Certificate}' is not a PKCS#12 file this password opens ({e.Message}); check Cluster:Tls:Password.", "Cluster:Tls:Certificate", e);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ArgumentException($"Cluster:Tls:Certificate: '{Certificate}' holds no private key; export the certificate with its key.", "Cluster:Tls:Certificate");
        }

        return certificate;
    }

    /// <summary>Mutual TLS with <paramref name="certificate"/> on both sides, and only that certificate accepted from a peer.</summary>
    public static void Configure(TlsOptions options, X509Certificate2 certificate)
    {
        var pinned = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        options.LocalCertificate = certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (remote, _, _) => remote is not null && string.Equals(remote.GetCertHashString(HashAlgorithmName.SHA256), pinned, StringComparison.OrdinalIgnoreCase);
        options.OnAuthenticateAsClient = (_, client) => client.TargetHost = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }

    /// <summary>A self-signed cluster certificate (ECDSA P-256, <paramref name="years"/> years) as a new .pfx at <paramref name="path"/>, readable by its owner only (an existing file is never replaced).</summary>
    public static void CreateSelfSigned(string path, string password, int years = 2)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orleans-rlvr-cluster", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(years));
        var bytes = certificate.Export(X509ContentType.Pkcs12, password.Length > 0 ? password : null);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;   // the key: readable by its owner only
        }

        using var file = new FileStream(path, options);
        file.Write(bytes);
    }
}
