using System.Net;
using System.Net.Sockets;

namespace Orleans.Rlvr.Hosting;

/// <summary>Free TCP ports on the loopback interface, for embedded silos and test clusters.</summary>
public static class LocalPorts
{
    /// <summary>A port that was free a moment ago (the OS picks it; another process may take it before it is bound).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
