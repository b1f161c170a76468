using System.CommandLine;
using Fleet.Client;
using Fleet.Abstractions.Messages;

namespace Fleet.Cli.Commands;

/// <summary>
/// The options every command that talks to a running cluster shares. Defaults reach a default silo on this machine;
/// environment variables set them for a whole shell (a flag wins over its variable): <c>FLEET_GATEWAY</c> (a
/// comma-separated list), <c>FLEET_REDIS</c>, <c>FLEET_CLUSTER_ID</c>, <c>FLEET_SERVICE_ID</c>, <c>FLEET_THROTTLE</c>, <c>FLEET_AS_CLUSTER</c>,
/// and for a TLS gateway <c>FLEET_CLIENT_CERT</c>, <c>FLEET_CLIENT_CERT_PASSWORD</c> (only as a variable, so it stays
/// out of the shell's history and the process list) and <c>FLEET_GATEWAY_CA</c>.
/// </summary>
internal sealed class ConnectionOptions
{
    /// <summary>The gateway of a default silo on this machine.</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    public Option<string[]> Gateway { get; } = new("--gateway")
    {
        Description = $"Silo gateway host:port (repeatable; default $FLEET_GATEWAY or {DefaultGateway}). Give every silo's gateway, or use --redis, to survive the loss of one",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Redis { get; } = new("--redis") { Description = "Find the silos' gateways through Redis clustering (default $FLEET_REDIS)" };

    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = "Orleans cluster id (default $FLEET_CLUSTER_ID or fleet)" };

    public Option<string?> ServiceId { get; } = new("--service-id") { Description = "Orleans service id (default $FLEET_SERVICE_ID or fleet)" };

    public Option<string?> ThrottleKey { get; } = new("--throttle")
    {
        Description = "Throttle key {Fleet:Ec2:AccountId}/{Fleet:Ec2:Region} (default $FLEET_THROTTLE or default/us-east-1)",
    };

    public Option<string?> AsCluster { get; } = new("--as-cluster")
    {
        Description = "Act for this Kubernetes cluster when one Fleet serves several: touch and list only its nodes (default $FLEET_AS_CLUSTER: every cluster)",
    };

    public Option<string?> ClientCertificate { get; } = new("--client-cert")
    {
        Description = "PKCS#12 (.pfx) client certificate for a TLS gateway (default $FLEET_CLIENT_CERT; password in $FLEET_CLIENT_CERT_PASSWORD)",
    };

    public Option<string?> GatewayAuthority { get; } = new("--gateway-ca")
    {
        Description = "PEM certificate authority that issued the silos' gateway certificate (default $FLEET_GATEWAY_CA)",
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
        command.Options.Add(AsCluster);
        command.Options.Add(ClientCertificate);
        command.Options.Add(GatewayAuthority);
    }

    public FleetClientOptions Read(ParseResult parse)
    {
        var gateways = parse.GetValue(Gateway) is { Length: > 0 } given ? given
            : Env("FLEET_GATEWAY") is { } env ? env.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [DefaultGateway];
        return new FleetClientOptions
        {
            Gateways = gateways,
            RedisConnectionString = parse.GetValue(Redis) ?? Env("FLEET_REDIS"),
            ClusterId = parse.GetValue(ClusterId) ?? Env("FLEET_CLUSTER_ID") ?? "fleet",
            ServiceId = parse.GetValue(ServiceId) ?? Env("FLEET_SERVICE_ID") ?? "fleet",
            ThrottleKey = parse.GetValue(ThrottleKey) ?? Env("FLEET_THROTTLE") ?? new FleetClientOptions().ThrottleKey,
            KubernetesCluster = parse.GetValue(AsCluster) ?? Env("FLEET_AS_CLUSTER"),
            ClientCertificatePath = parse.GetValue(ClientCertificate) ?? Env("FLEET_CLIENT_CERT"),
            ClientCertificatePassword = Env("FLEET_CLIENT_CERT_PASSWORD"),
            GatewayAuthorityPath = parse.GetValue(GatewayAuthority) ?? Env("FLEET_GATEWAY_CA"),
            ConnectTimeout = parse.GetValue(ConnectTimeout) is { Ticks: > 0 } timeout ? timeout : TimeSpan.FromSeconds(15),
        };
    }

    /// <summary>
    /// Connects for a command about one node: a malformed instance id is refused first, with the API's own problem
    /// (nothing is connected, nothing sent). Null when refused or when the cluster cannot be reached (said on stderr).
    /// </summary>
    public async Task<FleetClient?> ConnectForNodeAsync(ParseResult parse, string instanceId, CancellationToken cancellationToken)
    {
        if (NodeLookupProblem.Of(instanceId, null) is { Status: 400 } malformed)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {malformed.Title} {malformed.Detail}");
            return null;
        }

        return await ConnectAsync(parse, cancellationToken);
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
            var remote = options.RedisConnectionString is not null
                || options.Gateways.Any(g => !g.StartsWith("127.", StringComparison.Ordinal) && !g.StartsWith("localhost:", StringComparison.Ordinal));
            var hint = options.UsesTls || !remote ? string.Empty
                : " (a gateway that listens beyond loopback requires TLS: give --client-cert and --gateway-ca)";
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: cannot reach the Fleet cluster at {where}: {e.Message}{(e is ArgumentException ? string.Empty : hint)}");
            return null;
        }
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
