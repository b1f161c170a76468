using System.CommandLine;
using Fleet.Client;

namespace Fleet.Cli.Commands;

/// <summary>
/// The options every command that talks to a running cluster shares. Defaults reach a default silo on this machine;
/// environment variables <c>FLEET_GATEWAY</c> and <c>FLEET_REDIS</c> set them for a whole shell.
/// </summary>
internal sealed class ConnectionOptions
{
    public Option<string[]> Gateway { get; } = new("--gateway")
    {
        Description = "Silo gateway host:port (repeatable; default $FLEET_GATEWAY or 127.0.0.1:30000)",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Redis { get; } = new("--redis") { Description = "Find silos through Redis clustering (default $FLEET_REDIS)" };

    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "Orleans cluster id", DefaultValueFactory = _ => "fleet" };

    public Option<string> ServiceId { get; } = new("--service-id") { Description = "Orleans service id", DefaultValueFactory = _ => "fleet" };

    public Option<string> ThrottleKey { get; } = new("--throttle")
    {
        Description = "Throttle key {account}/{region}",
        DefaultValueFactory = _ => "default/us-east-1",
    };

    public Option<TimeSpan> ConnectTimeout { get; } = DurationOption.Create("--connect-timeout", "How long to keep trying an unreachable cluster", TimeSpan.FromSeconds(15));

    public void AddTo(Command command)
    {
        command.Options.Add(ConnectTimeout);
        command.Options.Add(Gateway);
        command.Options.Add(Redis);
        command.Options.Add(ClusterId);
        command.Options.Add(ServiceId);
        command.Options.Add(ThrottleKey);
    }

    public FleetClientOptions Read(ParseResult parse)
    {
        var gateways = parse.GetValue(Gateway) is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("FLEET_GATEWAY") is { Length: > 0 } env ? env.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : ["127.0.0.1:30000"];
        return new FleetClientOptions
        {
            Gateways = gateways,
            RedisConnectionString = parse.GetValue(Redis) ?? Environment.GetEnvironmentVariable("FLEET_REDIS"),
            ClusterId = parse.GetValue(ClusterId)!,
            ServiceId = parse.GetValue(ServiceId)!,
            ThrottleKey = parse.GetValue(ThrottleKey)!,
            ConnectTimeout = parse.GetValue(ConnectTimeout) is { Ticks: > 0 } timeout ? timeout : TimeSpan.FromSeconds(15),
        };
    }

    /// <summary>Connects, or writes a clear error and returns null.</summary>
    public async Task<FleetClient?> ConnectAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = Read(parse);
        try
        {
            return await FleetClient.ConnectAsync(options, cancellationToken);
        }
        catch (Exception e) when (e is ArgumentException or OrleansException or TimeoutException or System.Net.Sockets.SocketException)
        {
            var where = options.RedisConnectionString is { } r ? $"Redis {r}" : string.Join(", ", options.Gateways);
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: cannot reach the Fleet cluster at {where}: {e.Message}");
            return null;
        }
    }
}
