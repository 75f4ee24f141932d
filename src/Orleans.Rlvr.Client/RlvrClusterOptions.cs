using System.Net;
using Microsoft.Extensions.Configuration;

namespace Orleans.Rlvr.Hosting;

/// <summary>How silos find each other, how clients find them, and where the cluster keeps its tables (configuration section <c>Cluster</c>); shared by silos and clients.</summary>
public sealed class RlvrClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>Orleans cluster id: silos and clients with the same id form one cluster. Default <c>rlvr</c>.</summary>
    public string ClusterId { get; set; } = "rlvr";

    /// <summary>Orleans service id: keys persisted state and reminders across deployments. Default <c>orleans-rlvr</c>.</summary>
    public string ServiceId { get; set; } = "orleans-rlvr";

    /// <summary><c>Localhost</c> (default: silos on one machine, the first one primary) or <c>Redis</c>.</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary>Where reminders live: <c>Memory</c> (default; one cluster lifetime) or <c>Redis</c>.</summary>
    public string Reminders { get; set; } = "Memory";

    /// <summary>The Redis connection string (StackExchange.Redis format) for Redis clustering, storage and reminders. Default <c>localhost:6379</c>.</summary>
    public string Redis { get; set; } = "localhost:6379";

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Localhost clustering: the silo port of the primary silo (the first one started). Default 11111.</summary>
    public int PrimarySiloPort { get; set; } = 11111;

    /// <summary>Redis clustering: the address other silos reach this one at (an IP or host name); empty: this host's first address.</summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>
    /// Redis clustering: listen on every address of the host (0.0.0.0) instead of the advertised one only. Off by default:
    /// a silo answers only where it says it is (behind NAT or port forwarding, where the advertised address is not local,
    /// turn it on and firewall the ports).
    /// </summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>Localhost clustering, client side: the gateway ports of the silos to connect to. Empty (default): 30000.</summary>
    /// <remarks>Empty by default because the configuration binder appends to a non-empty array instead of replacing it.</remarks>
    public int[] Gateways { get; set; } = [];

    /// <summary>How long a client (<c>--connect</c>) waits for the cluster to answer before giving up. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Mutual TLS with one cluster certificate for every silo and client (section <c>Cluster:Tls</c>); off by default.</summary>
    public ClusterTls Tls { get; set; } = new();

    /// <summary>The gateway ports a client connects to: <see cref="Gateways"/>, or 30000 when none are set.</summary>
    public int[] GatewayPorts => Gateways.Length > 0 ? Gateways.Distinct().ToArray() : [30000];

    /// <summary>The section <c>Cluster</c> of <paramref name="configuration"/>, validated; a missing section or key keeps its default.</summary>
    public static RlvrClusterOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return (configuration.GetSection(Section).Get<RlvrClusterOptions>() ?? new RlvrClusterOptions()).Validate();
    }

    /// <summary>Throws naming the first setting outside its allowed range.</summary>
    public RlvrClusterOptions Validate()
    {
        OneOf("Cluster:Clustering", Clustering, "Localhost", "Redis");
        OneOf("Cluster:Reminders", Reminders, "Memory", "Redis");
        Port("Cluster:SiloPort", SiloPort);
        Port("Cluster:GatewayPort", GatewayPort);
        Port("Cluster:PrimarySiloPort", PrimarySiloPort);
        foreach (var gateway in Gateways)
        {
            Port("Cluster:Gateways", gateway);
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException("Cluster:ConnectTimeout", ConnectTimeout, $"Cluster:ConnectTimeout must be in (0, 01:00:00] (got {ConnectTimeout}).");
        }

        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            throw new ArgumentException("Cluster:ClusterId and Cluster:ServiceId must not be empty.", "Cluster:ClusterId");
        }

        return this;
    }

    /// <summary>The address to advertise to other silos.</summary>
    public IPAddress ResolveAdvertisedAddress()
    {
        if (string.IsNullOrWhiteSpace(AdvertisedAddress))
        {
            return Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                ?? IPAddress.Loopback;
        }

        return IPAddress.TryParse(AdvertisedAddress, out var address)
            ? address
            : Dns.GetHostAddresses(AdvertisedAddress).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
    }

    private static void OneOf(string field, string value, params string[] valid)
    {
        if (!valid.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{field}: unknown value '{value}'; valid: {string.Join(", ", valid)}.", field);
        }
    }

    private static void Port(string field, int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(field, port, $"{field} must be a port in [1, 65535].");
        }
    }
}
