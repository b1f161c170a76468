using System.Net;

namespace Fleet.Ec2.Emulator.Hosting;

/// <summary>Where the emulator's own HTTP server listens.</summary>
public sealed class EmulatorServerOptions
{
    /// <summary>The TCP port. Default 4566 (LocalStack's); 0 picks a free port (read <see cref="Ec2EmulatorServer.BaseAddress"/>).</summary>
    public int Port { get; set; } = 4566;

    /// <summary>The address to bind. Default 127.0.0.1 (loopback only); bind elsewhere only on purpose.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Whether to log to the console (the standalone executable does). Default false.</summary>
    public bool ConsoleLogging { get; set; }
}
