using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Fleet.Testing;

namespace Fleet.Moto.Tests;

/// <summary>
/// One <c>moto_server</c> for the collection, an AWSSDK client on it (the "autoscaler" launching instances, as any EC2
/// client would), and silos in Aws mode pointed at it through the default credential chain (fake keys in the
/// environment, as a developer running against LocalStack sets them).
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    /// <summary>An AMI id moto ships (it accepts any, this one quietly).</summary>
    private const string Ami = "ami-12c6146b";

    public MotoServer Moto { get; private set; } = null!;

    public AmazonEC2Client Ec2 { get; private set; } = null!;

    /// <summary>The default subnet of us-east-1a (moto's default VPC: 172.31.0.0/16, a /20 per zone).</summary>
    public string Subnet { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Moto = await MotoServer.StartAsync();
        Ec2 = new AmazonEC2Client(new BasicAWSCredentials("testing", "testing"),
            new AmazonEC2Config { ServiceURL = Moto.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var subnets = await Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("availability-zone", ["us-east-1a"])] });
        Subnet = subnets.Subnets.Single(s => s.DefaultForAz == true).SubnetId;
    }

    /// <summary>A silo in Aws mode against moto; <paramref name="settings"/> are extra <c>key=value</c> settings.</summary>
    public Task<TestSilo> StartSiloAsync(params string[] settings) =>
        TestSilo.StartAsync(["Fleet:Ec2:Mode=Aws", $"Fleet:Ec2:ServiceUrl={Moto.Endpoint}", "Fleet:Ec2:Region=us-east-1", .. settings]);

    /// <summary>
    /// Seeds moto's random draws (ids, addresses), so a test's addresses are the same every run. moto draws each new
    /// ENI's secondary IPs at random from the subnet without checking what is taken, so it can hand one address to two
    /// ENIs of a node; EC2 never does. Unseeded, that made the secondary-IP test fail about one run in fifteen.
    /// </summary>
    public async Task SeedAsync(int seed)
    {
        using var http = new HttpClient();
        (await http.PostAsync(new Uri(Moto.Endpoint, $"/moto-api/seed?a={seed}"), null)).EnsureSuccessStatusCode();
    }

    /// <summary>Launches m5.large instances in us-east-1a.</summary>
    public async Task<IReadOnlyList<string>> LaunchAsync(int count)
    {
        var run = await Ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = Ami, InstanceType = InstanceType.M5Large, SubnetId = Subnet, MinCount = count, MaxCount = count });
        return [.. run.Reservation.Instances.Select(i => i.InstanceId)];
    }

    /// <summary>The node's ENIs as moto holds them (attached to it).</summary>
    public async Task<IReadOnlyList<NetworkInterface>> EnisAsync(string instanceId) =>
        (await Ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [new Filter("attachment.instance-id", [instanceId])] }))
        .NetworkInterfaces ?? [];

    public async Task DisposeAsync()
    {
        Ec2.Dispose();
        await Moto.DisposeAsync();
    }
}

/// <summary>The moto tests share one server.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto_server";
}
