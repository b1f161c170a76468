using Fleet.Core.Catalog;
using Fleet.Ec2.Port;

namespace Fleet.Silo.Observability;

/// <summary>Decorates the EC2 port: every call is added to <see cref="Ec2CallRecord"/> with its target, size, outcome and latency.</summary>
internal sealed class RecordingEc2Port(IEc2Port inner, Ec2CallRecord record, TimeProvider time) : IEc2Port
{
    public Task<Ec2Result<Ec2Page<Ec2Instance>>> DescribeInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) =>
        Record("DescribeInstances", query.InstanceIds.FirstOrDefault(), query.InstanceIds.Length, () => inner.DescribeInstancesAsync(query, cancellationToken));

    public Task<Ec2Result<Ec2Page<Ec2NetworkInterface>>> DescribeNetworkInterfacesAsync(EniQuery query, CancellationToken cancellationToken) =>
        Record("DescribeNetworkInterfaces", string.Join(",", query.Filters.Keys), query.Filters.Values.Sum(v => v.Length),
            () => inner.DescribeNetworkInterfacesAsync(query, cancellationToken));

    public Task<Ec2Result<Ec2Page<Ec2Subnet>>> DescribeSubnetsAsync(SubnetQuery query, CancellationToken cancellationToken) =>
        Record("DescribeSubnets", string.Join(",", query.Filters.Keys), query.Filters.Values.Sum(v => v.Length),
            () => inner.DescribeSubnetsAsync(query, cancellationToken));

    public Task<Ec2Result<IReadOnlyList<InstanceLimits>>> DescribeInstanceTypesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken) =>
        Record("DescribeInstanceTypes", instanceTypes.FirstOrDefault(), instanceTypes.Count, () => inner.DescribeInstanceTypesAsync(instanceTypes, cancellationToken));

    public Task<Ec2Result<Ec2NetworkInterface>> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken) =>
        Record("CreateNetworkInterface", request.SubnetId, request.Count, () => inner.CreateNetworkInterfaceAsync(request, cancellationToken));

    public Task<Ec2Result<string>> AttachNetworkInterfaceAsync(AttachEniRequest request, CancellationToken cancellationToken) =>
        Record("AttachNetworkInterface", request.NetworkInterfaceId, null, () => inner.AttachNetworkInterfaceAsync(request, cancellationToken));

    public Task<Ec2Result<AssignedAddresses>> AssignPrivateIpAddressesAsync(AssignRequest request, CancellationToken cancellationToken) =>
        Record("AssignPrivateIpAddresses", request.NetworkInterfaceId, request.Count, () => inner.AssignPrivateIpAddressesAsync(request, cancellationToken));

    public Task<Ec2Result<Done>> UnassignPrivateIpAddressesAsync(UnassignRequest request, CancellationToken cancellationToken) =>
        Record("UnassignPrivateIpAddresses", request.NetworkInterfaceId, request.Prefixes.Length + request.Ips.Length,
            () => inner.UnassignPrivateIpAddressesAsync(request, cancellationToken));

    public Task<Ec2Result<Done>> SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, CancellationToken cancellationToken) =>
        Record("ModifyNetworkInterfaceAttribute", networkInterfaceId, null, () => inner.SetDeleteOnTerminationAsync(networkInterfaceId, attachmentId, cancellationToken));

    public Task<Ec2Result<Done>> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken) =>
        Record("DeleteNetworkInterface", networkInterfaceId, null, () => inner.DeleteNetworkInterfaceAsync(networkInterfaceId, cancellationToken));

    private async Task<Ec2Result<T>> Record<T>(string action, string? target, int? count, Func<Task<Ec2Result<T>>> call)
    {
        var sentAt = time.GetUtcNow();
        var start = time.GetTimestamp();
        var result = await call().ConfigureAwait(false);
        var outcome = result.IsSuccess ? "OK" : result.Error.Code;
        record.Add(new Ec2CallEntry(0, sentAt, action, string.IsNullOrEmpty(target) ? null : target, count, outcome,
            Math.Round(time.GetElapsedTime(start).TotalMilliseconds, 1), "fleet"));
        return result;
    }
}
