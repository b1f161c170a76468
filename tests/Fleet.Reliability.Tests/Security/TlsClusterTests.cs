using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Fleet.Silo.Hosting;
using Fleet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.Security;

/// <summary>
/// Silo-to-silo TLS (<c>Fleet:Clustering:Tls</c>): two silos holding the cluster's self-signed certificate form a
/// cluster over Redis membership; a silo without TLS, or with a certificate of its own, never becomes a member.
/// </summary>
public sealed class TlsClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private Ec2EmulatorServer _emulator = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        var options = new EmulatorOptions();
        options.Latency.Enabled = false;
        _emulator = await Ec2EmulatorServer.StartAsync(new Ec2Region(options), new EmulatorServerOptions { Port = 0 });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Theory]
    [InlineData("without TLS")]
    [InlineData("with a certificate of its own")]
    public async Task Silos_holding_the_certificate_form_a_cluster_over_TLS_and_another_silo_cannot_join(string intruder)
    {
        using var certificate = SelfSignedCertificate.Create("fleet-silo");
        using var other = SelfSignedCertificate.Create("intruder");
        var a = await StartAsync(Tls(certificate));
        var b = await StartAsync(Tls(certificate));
        try
        {
            await JoinAttemptAsync(a, b, intruder, other);
        }
        finally
        {
            foreach (var silo in new[] { b, a })
            {
                await silo.StopAsync();
                await silo.DisposeAsync();
            }
        }
    }

    private async Task JoinAttemptAsync(WebApplication a, WebApplication b, string intruder, SelfSignedCertificate other)
    {
        var members = await Eventually.Until(() => ActiveAsync(a), m => m.Count == 2, "both TLS silos active", TimeSpan.FromSeconds(60));
        Assert.Equal(members.Order(), (await ActiveAsync(b)).Order());
        output.WriteLine($"TLS cluster: {string.Join(", ", members)}");

        // A silo declared dead stops its own process (Orleans' fatal-error handler), so the stranger runs as a process.
        // It must never be seen Active; the attempt is over once it is declared Dead or has given up and exited.
        var port = FreePorts.Next();
        var settings = intruder == "without TLS" ? [] : Tls(other);
        await using var stranger = ChildProcess.StartDotnet("tls-stranger", RepoPaths.Program("Fleet.Silo", "fleet-silo"), Arguments(settings, port));
        var seen = await Eventually.Until(async () => await StatusOfAsync(a, port) ?? (stranger.HasExited ? "exited" : "absent"),
            status => status is "Dead" or "exited" or "Active", $"the silo {intruder} is declared dead or gives up", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(100));
        var after = await ActiveAsync(a);
        output.WriteLine($"the silo {intruder} (port {port}) ended as: {seen}; active members: {string.Join(", ", after)}");
        output.WriteLine(stranger.Tail(4));
        Assert.NotEqual("Active", seen);
        Assert.Equal(members.Order(), after.Order());
    }

    private static async Task<string?> StatusOfAsync(WebApplication silo, int port)
    {
        var hosts = await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        return hosts.Where(h => h.Key.Endpoint.Port == port).Select(h => h.Value.ToString()).FirstOrDefault();
    }

    private static string[] Tls(SelfSignedCertificate certificate) =>
    [
        "--Fleet:Clustering:Tls:Enabled=true",
        $"--Fleet:Clustering:Tls:CertificatePath={certificate.Path}",
        $"--Fleet:Clustering:Tls:CertificatePassword={certificate.Password}",
    ];

    private static async Task<List<string>> ActiveAsync(WebApplication silo)
    {
        var hosts = await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        return [.. hosts.Keys.Select(k => k.Endpoint.ToString())];
    }

    private async Task<WebApplication> StartAsync(string[] tls)
    {
        var app = FleetSiloHost.Build(FleetSiloHost.CreateBuilder([.. Arguments(tls, FreePorts.Next())]));
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private string[] Arguments(string[] tls, int siloPort) =>
    [
        "--Fleet:Clustering:Provider=Redis",
        $"--Fleet:Clustering:ConnectionString={_redis.ConnectionString}",
        "--Fleet:Clustering:ClusterId=tls",
        "--Fleet:Clustering:ServiceId=tls",
        $"--Fleet:Clustering:SiloPort={siloPort}",
        $"--Fleet:Clustering:GatewayPort={FreePorts.Next()}",
        $"--Fleet:Ec2:ServiceUrl={_emulator.BaseAddress}",
        "--Fleet:Http:Urls=http://127.0.0.1:0",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Orleans=Error",
        .. tls,
    ];
}
