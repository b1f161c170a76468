using Fleet.Ec2.Aws;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Fleet.Ec2.Port;

namespace Fleet.Ec2.Tests;

/// <summary>The emulator over HTTP on a free loopback port, and the port adapter over the real AWSSDK.EC2 client.</summary>
public sealed class EmulatorServerFixture : IAsyncLifetime
{
    public Ec2Region Region { get; private set; } = null!;

    public IEc2Port Port { get; private set; } = null!;

    private Ec2EmulatorServer _server = null!;

    /// <summary>A port on the same emulator whose client gives up after <paramref name="timeout"/>.</summary>
    public IEc2Port PortWithTimeout(TimeSpan timeout) =>
        new AwsEc2Port(Ec2ClientFactory.Create(new Ec2Options { ServiceUrl = _server.BaseAddress.ToString(), Timeout = timeout }));

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { AddressSelection = AddressSelection.Lowest };
        options.Latency.Enabled = false;
        // Each test launches its own instance, faster than EC2's RunInstances bucket admits (5, refilling 2/s): on a quiet
        // machine the class outran it and a test's launch was refused. Fleet never calls RunInstances.
        options.Throttling.Buckets["RunInstances"] = new BucketOverride { Capacity = 1000, RefillPerSecond = 100 };
        Region = new Ec2Region(options);
        _server = await Ec2EmulatorServer.StartAsync(Region, new EmulatorServerOptions { Port = 0 });
        Port = new AwsEc2Port(Ec2ClientFactory.Create(new Ec2Options { ServiceUrl = _server.BaseAddress.ToString(), Timeout = TimeSpan.FromSeconds(5) }));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
