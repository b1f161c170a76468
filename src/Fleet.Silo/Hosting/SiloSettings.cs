using Fleet.Core.Node;
using System.Net;
using System.Net.Sockets;
using Fleet.Ec2.Aws;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Configuration;

namespace Fleet.Silo.Hosting;

/// <summary>
/// Every <c>Fleet:</c> option the host itself needs, bound and checked before the host is built (hosting decisions —
/// clustering, URLs, whether to embed the emulator — depend on them), with the values derived from them.
/// </summary>
public sealed class SiloSettings
{
    private SiloSettings(HttpOptions http, MetricsOptions metrics, ClusteringOptions clustering, EmulatorHostOptions emulator, DemoOptions demo, Ec2Options ec2)
    {
        Http = http;
        Metrics = metrics;
        Clustering = clustering;
        Emulator = emulator;
        Demo = demo;
        Ec2 = ec2;
    }

    /// <summary><c>Fleet:Http</c>, with <see cref="HttpOptions.Urls"/> resolved.</summary>
    public HttpOptions Http { get; }

    /// <summary><c>Fleet:Metrics</c>.</summary>
    public MetricsOptions Metrics { get; }

    /// <summary><c>Fleet:Clustering</c>.</summary>
    public ClusteringOptions Clustering { get; }

    /// <summary><c>Fleet:Emulator</c>, with <see cref="EmulatorHostOptions.Enabled"/> and <see cref="EmulatorHostOptions.Port"/> resolved.</summary>
    public EmulatorHostOptions Emulator { get; }

    /// <summary><c>Fleet:Demo</c>.</summary>
    public DemoOptions Demo { get; }

    /// <summary><c>Fleet:Ec2</c> as configured (before the embedded emulator's URL is filled in).</summary>
    public Ec2Options Ec2 { get; }

    /// <summary>Whether the silo embeds the EC2 emulator.</summary>
    public bool EmulatorEmbedded => Emulator.Enabled == true;

    /// <summary>The embedded emulator's Query API address, e.g. <c>http://127.0.0.1:4566/</c>; null when not embedded.</summary>
    public Uri? EmulatorAddress => EmulatorEmbedded ? new Uri($"http://127.0.0.1:{Emulator.Port}/") : null;

    /// <summary>Binds and checks every section; throws <see cref="SiloConfigurationException"/> listing every bad key.</summary>
    public static SiloSettings Load(IConfiguration configuration)
    {
        var errors = new List<string>();
        var http = Bind<HttpOptions>(configuration, HttpOptions.Section, errors, strict: true);
        var metrics = Bind<MetricsOptions>(configuration, MetricsOptions.Section, errors, strict: true);
        var clustering = Bind<ClusteringOptions>(configuration, ClusteringOptions.Section, errors, strict: true);
        var emulator = Bind<EmulatorHostOptions>(configuration, EmulatorHostOptions.Section, errors, strict: true);
        var demo = Bind<DemoOptions>(configuration, DemoOptions.Section, errors, strict: true);
        var ec2 = Bind<Ec2Options>(configuration, Ec2Options.Section, errors, strict: false);

        // The allocator's sections are validated again when the host starts; checking them here too means a bad key
        // stops start-up with every key named (exit code 2) rather than an unhandled exception, and a typo is an error.
        var allocator = Bind<AllocatorOptions>(configuration, AllocatorOptions.Section, errors, strict: true);
        var throttle = Bind<ThrottleSettings>(configuration, ThrottleSettings.Section, errors, strict: true);
        Bind<ClusterSettings>(configuration, ClusterSettings.Section, errors, strict: true);
        allocator.ClusterName = ClusterSettings.Configured(configuration) ?? allocator.ClusterName;

        if (configuration[$"{HttpOptions.Section}:Urls"] is null && configuration["urls"] is { Length: > 0 } aspNetCoreUrls)
        {
            http.Urls = aspNetCoreUrls;
        }

        // Several Redis silos must share one EC2: each embedding its own emulator would give each its own region.
        emulator.Enabled ??= ec2.Mode == Ec2Mode.Emulator && ec2.ServiceUrl is null && clustering.Provider == ClusteringProvider.Localhost;
        errors.AddRange(SiloOptionsValidation.Validate(http));
        errors.AddRange(SiloOptionsValidation.Validate(metrics, http));
        errors.AddRange(SiloOptionsValidation.Validate(clustering));
        errors.AddRange(ClusterTls.Validate(clustering.Tls, TimeProvider.System));
        errors.AddRange(GatewayTls.Validate(clustering, TimeProvider.System));
        errors.AddRange(ec2.Validate());
        errors.AddRange(allocator.Validate());
        errors.AddRange(ClusterSettings.Validate(configuration));
        throttle.ToOptions(out var throttleErrors);
        errors.AddRange(throttleErrors);
        errors.AddRange(SiloOptionsValidation.Validate(emulator, ec2));
        errors.AddRange(SiloOptionsValidation.Validate(demo, emulator.Enabled == true));
        if (emulator.Enabled == false && ec2.Mode == Ec2Mode.Emulator && ec2.ServiceUrl is null)
        {
            errors.Add($"{Ec2Options.Section}:ServiceUrl must point at an EC2 emulator in Emulator mode when the emulator is not embedded " +
                $"({EmulatorHostOptions.Section}:Enabled is false, or {ClusteringOptions.Section}:Provider is Redis: silos must share one emulator).");
        }

        if (errors.Count > 0)
        {
            throw new SiloConfigurationException(errors);
        }

        if (emulator.Enabled == true && emulator.Port == 0)
        {
            emulator.Port = FreeLoopbackPort();
        }

        return new SiloSettings(http, metrics, clustering, emulator, demo, ec2);
    }

    /// <summary>Configuration the silo derives: the embedded emulator's URL as <c>Fleet:Ec2:ServiceUrl</c>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> DerivedConfiguration()
    {
        if (EmulatorAddress is { } address)
        {
            yield return new($"{Ec2Options.Section}:ServiceUrl", address.ToString());
        }
    }

    private static T Bind<T>(IConfiguration configuration, string section, List<string> errors, bool strict)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = strict) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            errors.Add($"{section}: {e.Message}");
            return new T();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
