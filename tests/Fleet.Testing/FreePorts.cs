using System.Net;
using System.Net.Sockets;

namespace Fleet.Testing;

/// <summary>
/// Free loopback ports, so no test ever takes 8080, 4566, 11111 or 30000 from a developer's running Fleet. They come
/// from below Linux's ephemeral range (32768 and up): a port the kernel handed out for a bind to port 0 and that was
/// let go goes back into the pool every client connection draws from, and with a second suite on the machine one of
/// its connections took such a port before the silo it was meant for could bind it (the silo aborted: "Address already
/// in use"). Below the range only another test's choice can collide: ports are picked at random, checked free by
/// binding them, and never handed out twice by one process.
/// </summary>
public static class FreePorts
{
    private const int First = 12_000; // above Orleans' 11111
    private const int Last = 25_999;  // below the block LocalClusterRecipeTests takes (26000–32767)
    private static readonly HashSet<int> s_given = [];

    /// <summary>A port nothing listens on right now, and that this process has not handed out before.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            lock (s_given)
            {
                if (s_given.Contains(port) || !Bindable(port))
                {
                    continue;
                }

                s_given.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port between {First} and {Last} after 200 tries");
    }

    /// <summary>Whether something accepts connections on the port.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
