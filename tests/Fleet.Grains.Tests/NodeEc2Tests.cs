using Fleet.Core.Errors;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Ec2.Port;
using Fleet.Grains.Node;

namespace Fleet.Grains.Tests;

/// <summary>The node's EC2 shell answers every call, whatever the client does.</summary>
public sealed class NodeEc2Tests
{
    [Fact]
    public async Task A_client_that_throws_is_a_transient_failure_so_the_node_is_never_left_waiting_on_its_call()
    {
        // No real client throws here (the AWSSDK's known exceptions are mapped by the port); a client with a bug, or an
        // SDK version with a new exception, is what this stands for. Reads never reach it.
        var ec2 = new NodeEc2(new ThrowingPort(), describe: null!, limits: null!, "fleet");

        var result = await ec2.CallAsync("i-0node", new AssignAddresses("eni-0eth0", AddressKind.Prefix, 1), null, null);

        var failed = Assert.IsType<CallFailed>(result);
        Assert.Equal((Ec2ErrorKind.Transient, "ClientError"), (failed.Error.Kind, failed.Error.Code));
        Assert.Contains("InvalidOperationException: the client broke", failed.Error.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowingPort : IEc2Port
    {
        public Task<Ec2Result<AssignedAddresses>> AssignPrivateIpAddressesAsync(AssignRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the client broke");

        public Task<Ec2Result<Ec2Page<Ec2Instance>>> DescribeInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Ec2Result<Ec2Page<Ec2NetworkInterface>>> DescribeNetworkInterfacesAsync(EniQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Ec2Result<Ec2Page<Ec2Subnet>>> DescribeSubnetsAsync(SubnetQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Ec2Result<IReadOnlyList<Core.Catalog.InstanceLimits>>> DescribeInstanceTypesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<Ec2Result<Ec2NetworkInterface>> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Ec2Result<string>> AttachNetworkInterfaceAsync(AttachEniRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Ec2Result<Done>> UnassignPrivateIpAddressesAsync(UnassignRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Ec2Result<Done>> SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Ec2Result<Done>> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
