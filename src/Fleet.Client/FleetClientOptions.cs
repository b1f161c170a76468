using System.Net;

namespace Fleet.Client;

/// <summary>How a client finds the Fleet cluster. Defaults match a default silo on this machine.</summary>
public sealed record FleetClientOptions
{
    /// <summary>How long a node grain keeps an observer that has not renewed (Fleet.Grains' <c>NodeGrain</c>).</summary>
    public static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(5);

    /// <summary>Silo gateways as <c>host:port</c>, used unless <see cref="RedisConnectionString"/> is set. Default <c>127.0.0.1:30000</c>.</summary>
    public IReadOnlyList<string> Gateways { get; init; } = ["127.0.0.1:30000"];

    /// <summary>With Redis clustering, the Redis connection string (gateways are then read from Redis). Default none.</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary>The cluster id, as the silos' <c>Fleet:Clustering:ClusterId</c>. Default <c>fleet</c>.</summary>
    public string ClusterId { get; init; } = "fleet";

    /// <summary>The service id, as the silos' <c>Fleet:Clustering:ServiceId</c>. Default <c>fleet</c>.</summary>
    public string ServiceId { get; init; } = "fleet";

    /// <summary>
    /// The Kubernetes cluster this client acts for, when one Fleet serves several: its reports claim and may touch only
    /// that cluster's nodes (a node of another is refused, <see cref="Abstractions.Messages.DemandOutcome.OtherCluster"/>,
    /// nothing changed), its specs go through <c>SetSpecFor</c>, and node listings show that cluster's unless a query
    /// names clusters. Default none: the client acts for every cluster, as a Fleet 0.1 client does. The gateway trusts
    /// whoever holds a client certificate; this is a statement that keeps honest agents in their lane, not a credential.
    /// </summary>
    public string? KubernetesCluster { get; init; }

    /// <summary>The throttle grain's key, <c>{Fleet:Ec2:AccountId}/{Fleet:Ec2:Region}</c>. Default <c>default/us-east-1</c>.</summary>
    public string ThrottleKey { get; init; } = "default/us-east-1";

    /// <summary>How long connecting may keep retrying an unreachable cluster before it fails. Default 15 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a call may take before it fails. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a subscription is renewed. A renewal also re-subscribes after the node grain moved (a silo died) or
    /// was deactivated, which forgets its observers; it must be shorter than the grain's 5-minute observer expiry.
    /// Default 30 s.
    /// </summary>
    public TimeSpan SubscriptionRenewal { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A PKCS#12 (.pfx) file with this client's certificate and private key, for a gateway that requires TLS (the
    /// silos' <c>Fleet:Clustering:GatewayTls</c>; on by default whenever a gateway listens beyond loopback). Setting
    /// it turns TLS on. Default none: plain TCP, which only a loopback gateway accepts.
    /// </summary>
    public string? ClientCertificatePath { get; init; }

    /// <summary>The password of <see cref="ClientCertificatePath"/>, if it has one. Default none. Never shown in errors.</summary>
    public string? ClientCertificatePassword { get; init; }

    /// <summary>
    /// A PEM file with the certificate authority that issued the silos' gateway certificate; the client accepts a
    /// gateway only if its certificate chains to it (host names are not matched: silos advertise IP addresses).
    /// Required with <see cref="ClientCertificatePath"/>. Default none.
    /// </summary>
    public string? GatewayAuthorityPath { get; init; }

    /// <summary>Whether the client talks TLS to the gateways (<see cref="ClientCertificatePath"/> is set).</summary>
    public bool UsesTls => ClientCertificatePath is not null;

    /// <summary>The clock for connecting and renewing; tests pass a fake one. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The gateways as endpoints; throws naming the bad entry.</summary>
    public IReadOnlyList<IPEndPoint> GatewayEndpoints() => [.. Gateways.Select(Parse)];

    /// <summary>Errors naming the bad option; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (RedisConnectionString is null && Gateways.Count == 0)
        {
            yield return "give at least one gateway (host:port) or a Redis connection string";
        }

        foreach (var gateway in Gateways)
        {
            string? error = null;
            try
            {
                Parse(gateway);
            }
            catch (FormatException e)
            {
                error = e.Message;
            }

            if (error is not null)
            {
                yield return error;
            }
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            yield return $"the connect timeout must be positive; it is {ConnectTimeout}";
        }

        if (ResponseTimeout <= TimeSpan.Zero)
        {
            yield return $"the response timeout must be positive; it is {ResponseTimeout}";
        }

        if (KubernetesCluster is { } cluster && (cluster.Length is 0 or > 128 || cluster.Any(char.IsWhiteSpace)))
        {
            yield return $"the cluster '{cluster}' is not a cluster name (1–128 letters, digits and . _ / -, starting with a letter or digit)";
        }

        foreach (var error in ValidateTls())
        {
            yield return error;
        }

        if (SubscriptionRenewal <= TimeSpan.Zero || SubscriptionRenewal >= ObserverExpiry)
        {
            yield return $"the subscription renewal must be positive and shorter than the node grain's observer expiry ({ObserverExpiry}); it is {SubscriptionRenewal}";
        }
    }

    private IEnumerable<string> ValidateTls()
    {
        if (ClientCertificatePath is null)
        {
            if (GatewayAuthorityPath is not null)
            {
                yield return "a gateway authority is given without a client certificate: give both to use TLS";
            }

            yield break;
        }

        var (certificate, error) = GatewayCertificates.LoadPkcs12(ClientCertificatePath, ClientCertificatePassword, "client certificate");
        certificate?.Dispose();
        if (error is not null)
        {
            yield return error;
        }

        if (GatewayAuthorityPath is null)
        {
            yield return "a client certificate needs the gateway authority too (the CA certificate, PEM, that issued the silos' gateway certificate)";
        }
        else if (GatewayCertificates.LoadAuthorities(GatewayAuthorityPath, "gateway authority").Error is { } authorityError)
        {
            yield return authorityError;
        }
    }

    private static IPEndPoint Parse(string gateway)
    {
        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"gateway '{gateway}' is not host:port");
        }

        var host = gateway[..colon];
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var ip) ? ip
            : Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new FormatException($"gateway host '{host}' does not resolve");
        return new IPEndPoint(address, port);
    }
}
