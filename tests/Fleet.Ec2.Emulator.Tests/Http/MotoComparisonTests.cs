using Amazon.EC2;
using Amazon.EC2.Model;
using Fleet.Ec2.EmulatorTests.Tools;
using Xunit.Abstractions;

namespace Fleet.Ec2.EmulatorTests.Http;

/// <summary>
/// The same secondary-IP sequence against moto_server and the emulator, through the real SDK: the response
/// shapes and error codes must agree wherever moto implements the behaviour. Where they differ (README's fidelity
/// notes say which one matches AWS's documentation), the test pins both answers.
/// </summary>
[Collection(EmulatorServerCollection.Name)]
public sealed class MotoComparisonTests(EmulatorServerFixture fx, ITestOutputHelper output)
{
    /// <summary>What one run of the sequence observed.</summary>
    private sealed record Observation(
        IReadOnlyList<string> CreateShape,
        int AddressesAfterCreate,
        int AssignedInResponse,
        int AddressesAfterAssign,
        int AddressesAfterUnassign,
        int PrimaryCount,
        string UnknownSubnet,
        string DeletedDescribe,
        string DeletedAssign,
        string UnassignPrimary,
        string OverLimit);

    [Fact]
    public async Task Secondary_ip_sequence_has_the_same_shapes_and_codes_on_moto_and_the_emulator()
    {
        await using var moto = await MotoServer.StartAsync(TimeSpan.FromSeconds(45));

        var onMoto = await RunAsync(EmulatorServerFixture.Client(moto.BaseAddress));
        var onEmulator = await RunAsync(fx.Client());
        output.WriteLine($"moto:     {onMoto} {string.Join(", ", onMoto.CreateShape)}");
        output.WriteLine($"emulator: {onEmulator} {string.Join(", ", onEmulator.CreateShape)}");

        // Same shapes and codes.
        Assert.Equal(onEmulator.CreateShape, onMoto.CreateShape);
        Assert.Equal((3, 5, 4, 1), (onMoto.AddressesAfterCreate, onMoto.AddressesAfterAssign, onMoto.AddressesAfterUnassign, onMoto.PrimaryCount));
        Assert.Equal((3, 5, 4, 1), (onEmulator.AddressesAfterCreate, onEmulator.AddressesAfterAssign, onEmulator.AddressesAfterUnassign, onEmulator.PrimaryCount));
        Assert.Equal(onEmulator.UnknownSubnet, onMoto.UnknownSubnet);
        Assert.Equal("InvalidSubnetID.NotFound", onEmulator.UnknownSubnet);
        Assert.Equal(onEmulator.DeletedDescribe, onMoto.DeletedDescribe);
        Assert.Equal("InvalidNetworkInterfaceID.NotFound", onEmulator.DeletedDescribe);
        Assert.Equal(onEmulator.DeletedAssign, onMoto.DeletedAssign);

        // Where they differ (see README, "moto"): the emulator follows AWS's documentation.
        Assert.Equal(2, onEmulator.AssignedInResponse);              // only the newly assigned, as documented
        Assert.Equal("PrivateIpAddressLimitExceeded", onEmulator.OverLimit); // per-ENI slot limit
        Assert.Equal("InvalidParameterValue", onEmulator.UnassignPrimary);
        // moto 5.2.1: Assign answers every address of the ENI (5, not 2), no slot limit, and lets the primary be unassigned.
        Assert.Equal((5, "OK", "OK"), (onMoto.AssignedInResponse, onMoto.OverLimit, onMoto.UnassignPrimary));
    }

    private static async Task<Observation> RunAsync(AmazonEC2Client ec2)
    {
        var subnet = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest())).Subnets.OrderByDescending(s => s.AvailableIpAddressCount).First().SubnetId;
        var created = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
        {
            SubnetId = subnet, SecondaryPrivateIpAddressCount = 2, Description = "compare",
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.NetworkInterface, Tags = [new Tag("compare", "yes")] }],
        })).NetworkInterface;
        var eni = created.NetworkInterfaceId;
        var assigned = await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eni, SecondaryPrivateIpAddressCount = 2 });
        var afterAssign = await DescribeAsync(ec2, eni);
        var secondary = afterAssign.PrivateIpAddresses.First(p => p.Primary != true).PrivateIpAddress;
        await ec2.UnassignPrivateIpAddressesAsync(new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = eni, PrivateIpAddresses = [secondary] });
        var afterUnassign = await DescribeAsync(ec2, eni);
        var unassignPrimary = await CodeAsync(() => ec2.UnassignPrivateIpAddressesAsync(new UnassignPrivateIpAddressesRequest
        {
            NetworkInterfaceId = eni, PrivateIpAddresses = [afterUnassign.PrivateIpAddress],
        }));
        var overLimit = await CodeAsync(() => ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eni, SecondaryPrivateIpAddressCount = 70 }));
        var unknownSubnet = await CodeAsync(() => ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = "subnet-0123456789abcdef0" }));
        await ec2.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = eni });
        var deletedDescribe = await CodeAsync(() => DescribeAsync(ec2, eni));
        var deletedAssign = await CodeAsync(() => ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eni, SecondaryPrivateIpAddressCount = 1 }));

        return new Observation(
            Shape(created), created.PrivateIpAddresses.Count, assigned.AssignedPrivateIpAddresses?.Count ?? 0,
            afterAssign.PrivateIpAddresses.Count, afterUnassign.PrivateIpAddresses.Count,
            afterUnassign.PrivateIpAddresses.Count(p => p.Primary == true), unknownSubnet, deletedDescribe, deletedAssign, unassignPrimary, overLimit);
    }

    private static async Task<NetworkInterface> DescribeAsync(AmazonEC2Client ec2, string eni) =>
        (await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eni] })).NetworkInterfaces.Single();

    private static async Task<string> CodeAsync(Func<Task> call)
    {
        try
        {
            await call();
            return "OK";
        }
        catch (AmazonEC2Exception e)
        {
            return e.ErrorCode;
        }
    }

    /// <summary>The fields an allocator reads from a created ENI, and whether each came back.</summary>
    private static IReadOnlyList<string> Shape(NetworkInterface n) =>
    [
        $"NetworkInterfaceId:{n.NetworkInterfaceId?.StartsWith("eni-", StringComparison.Ordinal)}",
        $"SubnetId:{n.SubnetId is not null}", $"VpcId:{n.VpcId is not null}", $"AvailabilityZone:{n.AvailabilityZone is not null}",
        $"Description:{n.Description}", $"MacAddress:{n.MacAddress is not null}", $"PrivateIpAddress:{n.PrivateIpAddress is not null}",
        $"Status:{n.Status}", $"Groups:{n.Groups?.Count}", $"TagSet:{n.TagSet?.Count}", $"SourceDestCheck:{n.SourceDestCheck}",
        $"PrivateIpAddresses[0].Primary:{n.PrivateIpAddresses?[0].Primary}", $"Attachment:{n.Attachment is not null}",
    ];
}
