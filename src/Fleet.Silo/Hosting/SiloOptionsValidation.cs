using System.Net;
using System.Text.RegularExpressions;
using Fleet.Core.Catalog;
using Fleet.Ec2.Aws;
using Microsoft.AspNetCore.Http;

namespace Fleet.Silo.Hosting;

/// <summary>The silo's start-up checks: every error names the configuration key and what it should be.</summary>
internal static partial class SiloOptionsValidation
{
    /// <summary>Checks <c>Fleet:Http</c>.</summary>
    public static IEnumerable<string> Validate(HttpOptions http)
    {
        var key = $"{HttpOptions.Section}:Urls";
        var urls = SplitUrls(http.Urls);
        if (urls.Count == 0)
        {
            yield return $"{key} must name at least one URL (e.g. {HttpOptions.DefaultUrls}).";
        }

        var exposed = new List<string>();
        foreach (var url in urls)
        {
            if (!TryParseUrl(url, out var address))
            {
                yield return $"{key}: '{url}' is not an http:// or https:// URL with a port (e.g. {HttpOptions.DefaultUrls}).";
                continue;
            }

            if (!IsLoopback(address.Host))
            {
                exposed.Add(url);
            }
        }

        var tokenKey = $"{HttpOptions.Section}:BearerToken";
        if (http.BearerToken is { } token)
        {
            if (token.Length < HttpOptions.MinTokenLength || token.Any(char.IsWhiteSpace))
            {
                yield return $"{tokenKey} must be at least {HttpOptions.MinTokenLength} characters without spaces (its value is not shown).";
            }
        }
        else if (exposed.Count > 0 && http.ClusterTokens.Count == 0)
        {
            yield return $"{tokenKey} must be set (at least {HttpOptions.MinTokenLength} characters) because {key} binds a non-loopback address ({string.Join(", ", exposed)}); the silo refuses to serve others without a token.";
        }

        foreach (var error in ValidateClusterTokens(http))
        {
            yield return error;
        }

        if (http.MaxRequestBodyBytes is < 1024 or > 100 * 1024 * 1024)
        {
            yield return $"{HttpOptions.Section}:MaxRequestBodyBytes must be between 1024 and 104857600; it is {http.MaxRequestBodyBytes}.";
        }
    }

    /// <summary>Checks <c>Fleet:Http:ClusterTokens</c>: valid cluster names, tokens as long as the bearer token's, all different.</summary>
    private static IEnumerable<string> ValidateClusterTokens(HttpOptions http)
    {
        var key = $"{HttpOptions.Section}:ClusterTokens";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (http.BearerToken is { } admin)
        {
            seen.Add(admin);
        }

        foreach (var (cluster, token) in http.ClusterTokens.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!Fleet.Core.Node.SpecValidator.IsName(cluster))
            {
                yield return $"{key}:{cluster}: '{cluster}' is not a cluster name (1–128 letters, digits and . _ / -, starting with a letter or digit).";
            }

            if (token is null || token.Length < HttpOptions.MinTokenLength || token.Any(char.IsWhiteSpace))
            {
                yield return $"{key}:{cluster} must be at least {HttpOptions.MinTokenLength} characters without spaces (its value is not shown).";
            }
            else if (!seen.Add(token))
            {
                yield return $"{key}:{cluster} is the same token as another cluster's or {HttpOptions.Section}:BearerToken: every token must name one caller (its value is not shown).";
            }
        }
    }

    /// <summary>Checks <c>Fleet:Metrics</c> against <c>Fleet:Http</c>: each metrics URL has a port of its own.</summary>
    public static IEnumerable<string> Validate(MetricsOptions metrics, HttpOptions http)
    {
        var key = $"{MetricsOptions.Section}:Urls";
        if (metrics.Urls is null)
        {
            yield break;
        }

        var urls = SplitUrls(metrics.Urls);
        if (urls.Count == 0)
        {
            yield return $"{key} must name at least one URL (e.g. http://0.0.0.0:9464) or be left unset.";
        }

        var httpPorts = SplitUrls(http.Urls).Select(u => TryParseUrl(u, out var a) ? a.Port : -1).ToHashSet();
        foreach (var url in urls)
        {
            if (!TryParseUrl(url, out var address) || address.Scheme != "http")
            {
                yield return $"{key}: '{url}' is not an http:// URL with a port (e.g. http://0.0.0.0:9464).";
            }
            else if (address.Port == 0)
            {
                yield return $"{key}: '{url}' needs an explicit port (1–65535): the listener is told apart from {HttpOptions.Section}:Urls by its port.";
            }
            else if (httpPorts.Contains(address.Port))
            {
                yield return $"{key}: port {address.Port} of '{url}' is also in {HttpOptions.Section}:Urls; the metrics listener needs a port of its own.";
            }
        }
    }

    /// <summary>Checks <c>Fleet:Clustering</c>.</summary>
    public static IEnumerable<string> Validate(ClusteringOptions c)
    {
        const string S = ClusteringOptions.Section;
        if (c.Provider == ClusteringProvider.Redis)
        {
            if (string.IsNullOrWhiteSpace(c.ConnectionString))
            {
                yield return $"{S}:ConnectionString must be set when {S}:Provider is Redis (e.g. 127.0.0.1:6379).";
            }
            else if (!TryParseRedis(c.ConnectionString, out var error))
            {
                yield return $"{S}:ConnectionString is not a Redis connection string: {error}";
            }
        }
        else if (c.Kubernetes)
        {
            yield return $"{S}:Kubernetes needs {S}:Provider=Redis (several pods share membership and state).";
        }

        foreach (var (name, value) in new[] { ("ClusterId", c.ClusterId), ("ServiceId", c.ServiceId) })
        {
            if (string.IsNullOrEmpty(value) || value.Length > 100 || !IdPattern().IsMatch(value))
            {
                yield return $"{S}:{name} must be 1–100 characters of letters, digits, '.', '_' or '-'; it is '{value}'.";
            }
        }

        if (c.SiloPort is < 1 or > 65535)
        {
            yield return $"{S}:SiloPort must be between 1 and 65535; it is {c.SiloPort}.";
        }

        if (c.GatewayPort is < 0 or > 65535)
        {
            yield return $"{S}:GatewayPort must be between 1 and 65535, or 0 for no gateway; it is {c.GatewayPort}.";
        }

        if (c.SiloPort == c.GatewayPort)
        {
            yield return $"{S}:GatewayPort must differ from {S}:SiloPort ({c.SiloPort}).";
        }

        if (string.IsNullOrWhiteSpace(c.AdvertisedHost))
        {
            yield return $"{S}:AdvertisedHost must be an IP address or host name (e.g. 127.0.0.1).";
        }

        foreach (var error in CheckRange($"{S}:ProbeTimeout", c.ProbeTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1))
            .Concat(CheckRange($"{S}:IAmAliveTablePublishTimeout", c.IAmAliveTablePublishTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10))))
        {
            yield return error;
        }

        if (c.NumMissedProbesLimit is < 1 or > 10)
        {
            yield return $"{S}:NumMissedProbesLimit must be between 1 and 10; it is {c.NumMissedProbesLimit}.";
        }

        if (c.NumVotesForDeathDeclaration is < 1 or > 10)
        {
            yield return $"{S}:NumVotesForDeathDeclaration must be between 1 and 10; it is {c.NumVotesForDeathDeclaration}.";
        }
    }

    /// <summary>Checks <c>Fleet:Emulator</c> against <c>Fleet:Ec2</c>.</summary>
    public static IEnumerable<string> Validate(EmulatorHostOptions e, Ec2Options ec2)
    {
        const string S = EmulatorHostOptions.Section;
        if (e.Port is < 0 or > 65535)
        {
            yield return $"{S}:Port must be between 0 and 65535; it is {e.Port}.";
        }

        if (e.Enabled == true && ec2.Mode == Ec2Mode.Aws)
        {
            yield return $"{S}:Enabled cannot be true when {Ec2Options.Section}:Mode is Aws.";
        }

        if (e.Enabled == true && ec2.ServiceUrl is not null)
        {
            yield return $"{Ec2Options.Section}:ServiceUrl must not be set when {S}:Enabled is true: the silo points the allocator at the embedded emulator.";
        }

        if (e.ConfigFile is { } file && !File.Exists(file))
        {
            yield return $"{S}:ConfigFile: no file at '{file}'.";
        }
    }

    /// <summary>Checks <c>Fleet:Demo</c>.</summary>
    public static IEnumerable<string> Validate(DemoOptions d, bool emulatorEmbedded)
    {
        const string S = DemoOptions.Section;
        if (d.Nodes is < 0 or > DemoOptions.MaxNodes)
        {
            yield return $"{S}:Nodes must be between 0 and {DemoOptions.MaxNodes}; it is {d.Nodes}.";
        }
        else if (d.Nodes > 0 && !emulatorEmbedded)
        {
            yield return $"{S}:Nodes needs the embedded EC2 emulator ({EmulatorHostOptions.Section}:Enabled): the demo launches its instances there. " +
                "With Redis clustering the demo's agents run as their own process and find the silos through Redis, so they outlive any silo: " +
                "fleet load --nodes N --launch --ec2-endpoint <the shared emulator> --duration 0 --redis <redis> (deploy/local-cluster.sh up starts it).";
        }

        if (d.InstanceTypeList.Count == 0)
        {
            yield return $"{S}:InstanceTypes must name at least one instance type (e.g. m5.large).";
        }

        foreach (var type in d.InstanceTypeList.Where(t => !InstanceTypeCatalog.Embedded.TryGet(t, out _)))
        {
            yield return $"{S}:InstanceTypes: '{type}' is not an EC2 instance type Fleet knows.";
        }

        foreach (var error in CheckRange($"{S}:ReportInterval", d.ReportInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)))
        {
            yield return error;
        }

        if (d.MaxPods is < 1 or > 1000)
        {
            yield return $"{S}:MaxPods must be between 1 and 1000; it is {d.MaxPods}.";
        }
    }

    /// <summary>The URLs of a <c>;</c>-separated list.</summary>
    public static IReadOnlyList<string> SplitUrls(string? urls) =>
        (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether a listen host is loopback only (<c>localhost</c>, 127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool TryParseUrl(string url, out BindingAddress address)
    {
        try
        {
            address = BindingAddress.Parse(url);
            return address.Scheme is "http" or "https" && !address.IsUnixPipe && address.Port is >= 0 and <= 65535
                && !string.IsNullOrEmpty(address.Host);
        }
        catch (FormatException)
        {
            address = null!;
            return false;
        }
    }

    private static bool TryParseRedis(string connectionString, out string? error)
    {
        try
        {
            var options = StackExchange.Redis.ConfigurationOptions.Parse(connectionString);
            error = options.EndPoints.Count == 0 ? "it names no endpoint (e.g. 127.0.0.1:6379)." : null;
            return error is null;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static IEnumerable<string> CheckRange(string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            yield return $"{key} must be between {min} and {max}; it is {value}.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+\\z")]
    private static partial Regex IdPattern();
}
