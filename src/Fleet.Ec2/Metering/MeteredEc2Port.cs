using System.Diagnostics;
using Fleet.Core.Catalog;
using Fleet.Ec2.Port;

namespace Fleet.Ec2.Metering;

/// <summary>Decorates the port with a count and a duration per action and outcome.</summary>
public sealed class MeteredEc2Port(IEc2Port inner, Ec2Instruments instruments, TimeProvider time) : IEc2Port
{
    /// <inheritdoc />
    public Task<Ec2Result<Ec2Page<Ec2Instance>>> DescribeInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) =>
        Measure("DescribeInstances", () => inner.DescribeInstancesAsync(query, cancellationToken));

    /// <inheritdoc />
    public Task<Ec2Result<Ec2Page<Ec2NetworkInterface>>> DescribeNetworkInterfacesAsync(EniQuery query, CancellationToken cancellationToken) =>
        Measure("DescribeNetworkInterfaces", () => inner.DescribeNetworkInterfacesAsync(query, cancellationToken));

    /// <inheritdoc />
    public Task<Ec2Result<Ec2Page<Ec2Subnet>>> DescribeSubnetsAsync(SubnetQuery query, CancellationToken cancellationToken) =>
        Measure("DescribeSubnets", () => inner.DescribeSubnetsAsync(query, cancellationToken));

    /// <inheritdoc />
    public Task<Ec2Result<IReadOnlyList<InstanceLimits>>> DescribeInstanceTypesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken) =>
        Measure("DescribeInstanceTypes", () => inner.DescribeInstanceTypesAsync(instanceTypes, cancellationToken));

    /// <inheritdoc />
    public Task<Ec2Result<Ec2NetworkInterface>> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken) =>
        Measure("CreateNetworkInterface", () => inner.CreateNetworkInterfaceAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<Ec2Result<string>> AttachNetworkInterfaceAsync(AttachEniRequest request, CancellationToken cancellationToken) =>
        Measure("AttachNetworkInterface", () => inner.AttachNetworkInterfaceAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<Ec2Result<AssignedAddresses>> AssignPrivateIpAddressesAsync(AssignRequest request, CancellationToken cancellationToken) =>
        Measure("AssignPrivateIpAddresses", () => inner.AssignPrivateIpAddressesAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<Ec2Result<Done>> UnassignPrivateIpAddressesAsync(UnassignRequest request, CancellationToken cancellationToken) =>
        Measure("UnassignPrivateIpAddresses", () => inner.UnassignPrivateIpAddressesAsync(request, cancellationToken));

    /// <inheritdoc />
    public Task<Ec2Result<Done>> SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, CancellationToken cancellationToken) =>
        Measure("ModifyNetworkInterfaceAttribute", () => inner.SetDeleteOnTerminationAsync(networkInterfaceId, attachmentId, cancellationToken));

    /// <inheritdoc />
    public Task<Ec2Result<Done>> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken) =>
        Measure("DeleteNetworkInterface", () => inner.DeleteNetworkInterfaceAsync(networkInterfaceId, cancellationToken));

    private async Task<Ec2Result<T>> Measure<T>(string action, Func<Task<Ec2Result<T>>> call)
    {
        var start = time.GetTimestamp();
        var result = await call().ConfigureAwait(false);
        var outcome = result.IsSuccess ? "OK" : result.Error.Code;
        var tags = new TagList { { "action", action }, { "outcome", outcome } };
        instruments.Calls.Add(1, tags);
        instruments.Duration.Record(time.GetElapsedTime(start).TotalSeconds, tags);
        return result;
    }
}
