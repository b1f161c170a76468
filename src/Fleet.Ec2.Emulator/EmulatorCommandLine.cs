using System.Globalization;
using System.Net;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Microsoft.Extensions.Options;

namespace Fleet.Ec2.Emulator;

/// <summary><c>fleet-ec2-emulator [--port 4566] [--bind 127.0.0.1] [--config FILE]</c>.</summary>
internal static class EmulatorCommandLine
{
    private const string Usage = """
        fleet-ec2-emulator: a local EC2 (Query API) for tests and benchmarks.
        Usage: fleet-ec2-emulator [--port 4566] [--bind 127.0.0.1] [--config FILE]
          --port N       TCP port (default 4566; 0 = any free port)
          --bind ADDR    address to bind (default 127.0.0.1)
          --config FILE  region JSON (VPCs, subnets, buckets, latency, faults, compression); see README.md
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var server = new EmulatorServerOptions { ConsoleLogging = true };
        string? config = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    server.Port = port;
                    i++;
                    break;
                case "--bind" when IPAddress.TryParse(value, out var address):
                    server.BindAddress = address;
                    i++;
                    break;
                case "--config" when value is not null:
                    config = value;
                    i++;
                    break;
                case "--help" or "-h":
                    await Console.Out.WriteLineAsync(Usage);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"Unknown or incomplete argument '{args[i]}'.\n{Usage}");
                    return 2;
            }
        }

        EmulatorOptions options;
        try
        {
            options = config is null ? new EmulatorOptions() : EmulatorConfigFile.Load(config);
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("Invalid emulator configuration:\n  " + string.Join("\n  ", e.Failures));
            return 2;
        }

        await using var emulator = await Ec2EmulatorServer.StartAsync(new Ec2Region(options), server);
        await emulator.WaitForShutdownAsync();
        return 0;
    }
}
