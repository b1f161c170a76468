using Amazon.EC2;
using Amazon.Runtime;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Ec2.EmulatorTests.Http;

/// <summary>
/// One emulator server for the HTTP tests: real Kestrel on a free loopback port, the region on a fake clock
/// (tests advance it to complete attachments), no latency and no throttling (throttling is tested on its own servers).
/// </summary>
public sealed class EmulatorServerFixture : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public Ec2EmulatorServer Server { get; private set; } = null!;

    public Ec2Region Region => Server.Region;

    public Uri BaseAddress => Server.BaseAddress;

    public async Task InitializeAsync() => Server = await StartAsync(Time, o => o.Throttling.Enabled = false);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Starts a server (port 0) for a region with latency off and the given tweaks.</summary>
    public static Task<Ec2EmulatorServer> StartAsync(TimeProvider time, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions();
        options.Latency.Enabled = false;
        options.Latency.AttachCompletion = LatencySpec.Fixed(TimeSpan.FromSeconds(2));
        options.Latency.DetachCompletion = LatencySpec.Fixed(TimeSpan.FromSeconds(3));
        configure?.Invoke(options);
        return Ec2EmulatorServer.StartAsync(new Ec2Region(options, time), new EmulatorServerOptions { Port = 0 });
    }

    /// <summary>The real AWS SDK client pointed at a server; <paramref name="retries"/> 0 surfaces errors at once.</summary>
    public static AmazonEC2Client Client(Uri baseAddress, int? retries = 0) =>
        new(new BasicAWSCredentials("x", "y"), new AmazonEC2Config
        {
            ServiceURL = baseAddress.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = retries ?? 2,
        });

    public AmazonEC2Client Client(int? retries = 0) => Client(BaseAddress, retries);
}

[CollectionDefinition(Name)]
public sealed class EmulatorServerCollection : ICollectionFixture<EmulatorServerFixture>
{
    public const string Name = "emulator-server";
}
