using System.Net;
using System.Net.Sockets;

namespace Fleet.Silo.Tests.Infrastructure;

/// <summary>Free loopback ports, so no test silo ever takes 8080, 4566, 11111 or 30000 from a developer's running Fleet.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
