using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;
using Fleet.Ec2.Errors;
using Fleet.Ec2.Limits;
using Fleet.Ec2.Port;
using Fleet.Grains.Describe;
using Fleet.Grains.Throttle;

namespace Fleet.Grains.Node;

/// <summary>
/// The node loop's reads and calls over the EC2 port: each answer comes back as the event the loop expects. Reads go
/// through the silo's describe batcher; instance limits come from DescribeInstanceTypes (once per type per silo)
/// or the embedded catalog.
/// </summary>
/// <param name="ec2">The EC2 port.</param>
/// <param name="describe">The describe batcher.</param>
/// <param name="limits">Instance limits.</param>
/// <param name="defaultCluster">Tagged on an ENI created by a call that names no cluster.</param>
internal sealed class NodeEc2(IEc2Port ec2, DescribeBatcher describe, InstanceLimitsProvider limits, string defaultCluster)
{
    public async Task<InstanceDescribed> DescribeInstanceAsync(string instanceId, IThrottleGrain throttle)
    {
        try
        {
            var instance = await describe.DescribeInstanceAsync(instanceId, CancellationToken.None);
            if (instance is null)
            {
                return new InstanceDescribed(InstanceLookup.Missing);
            }

            if (instance.State is "terminated" or "shutting-down")
            {
                return new InstanceDescribed(InstanceLookup.Terminated, State: instance.State);
            }

            var found = await limits.GetAsync(instance.InstanceType,
                async () => (await throttle.TryAcquire(Ec2Action.DescribeInstanceTypes)).Granted, CancellationToken.None);
            return found is null
                ? new InstanceDescribed(InstanceLookup.Failed, Error: new Ec2Failure(Core.Errors.Ec2ErrorKind.InvalidRequest, "UnknownInstanceType",
                    $"instance type {instance.InstanceType} is unknown"))
                : new InstanceDescribed(InstanceLookup.Running, new InstanceFacts(instance.AvailabilityZone, instance.VpcId, instance.SubnetId, found));
        }
        catch (Exception e) when (e is not OutOfMemoryException) // nothing here is cancelled: a cancellation is a client's timeout
        {
            return new InstanceDescribed(InstanceLookup.Failed, Error: Failure(e));
        }
    }

    public async Task<InterfacesDescribed> DescribeInterfacesAsync(string instanceId)
    {
        try
        {
            var enis = await describe.DescribeNodeEnisAsync(instanceId, CancellationToken.None);
            return new InterfacesDescribed([.. enis.Select(NodeStateMapping.ToSeen)]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new InterfacesDescribed([], Failure(e));
        }
    }

    /// <summary>
    /// Makes the call and answers with its result. Whatever the client throws becomes a transient failure: an exception
    /// escaping here would end the node's turn with its call never answered, and the node would wait on it for as long
    /// as it stays active. The loop treats the outcome as unknown (a create is retried with its client token).
    /// </summary>
    public async Task<CallResult> CallAsync(string instanceId, PlannedAction action, string? clientToken, string? cluster)
    {
        try
        {
            return await CallCoreAsync(instanceId, action, clientToken, cluster);
        }
        catch (Exception e) when (e is not (OperationCanceledException or ArgumentOutOfRangeException))
        {
            return new CallFailed(new Ec2Failure(Core.Errors.Ec2ErrorKind.Transient, "ClientError", $"the EC2 client failed: {e.GetType().Name}: {e.Message}"));
        }
    }

    private async Task<CallResult> CallCoreAsync(string instanceId, PlannedAction action, string? clientToken, string? cluster)
    {
        switch (action)
        {
            case AssignAddresses assign:
            {
                var result = await ec2.AssignPrivateIpAddressesAsync(new AssignRequest(assign.EniId, assign.Kind, assign.Count), CancellationToken.None);
                return result.IsSuccess ? new AddressesAssigned(result.Value.Prefixes, result.Value.Ips) : Failed(result.Error);
            }

            case CreateInterface create:
            {
                var tags = ImmutableDictionary<string, string>.Empty
                    .Add(FleetTags.Cluster, cluster ?? defaultCluster)
                    .Add(FleetTags.Node, instanceId)
                    .Add(FleetTags.Intent, clientToken ?? string.Empty);
                var request = new CreateEniRequest(create.SubnetId, create.Kind, create.Count, create.SecurityGroups, tags,
                    $"Fleet ({instanceId})", clientToken ?? throw new InvalidOperationException("A create needs a client token."));
                var result = await ec2.CreateNetworkInterfaceAsync(request, CancellationToken.None);
                return result.IsSuccess ? new InterfaceCreated(NodeStateMapping.ToSeen(result.Value).Eni) : Failed(result.Error);
            }

            case AttachInterface attach:
            {
                var result = await ec2.AttachNetworkInterfaceAsync(new AttachEniRequest(attach.EniId, instanceId, attach.DeviceIndex, attach.NetworkCard), CancellationToken.None);
                return result.IsSuccess ? new InterfaceAttached(result.Value) : Failed(result.Error);
            }

            case SetDeleteOnTermination dot:
            {
                var result = await ec2.SetDeleteOnTerminationAsync(dot.EniId, dot.AttachmentId, CancellationToken.None);
                return result.IsSuccess ? CallSucceeded.Instance : Failed(result.Error);
            }

            case ReleaseAddresses release:
            {
                var result = await ec2.UnassignPrivateIpAddressesAsync(new UnassignRequest(release.EniId, release.Prefixes, release.Ips), CancellationToken.None);
                return result.IsSuccess ? CallSucceeded.Instance : Failed(result.Error);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown planned action.");
        }
    }

    private static CallFailed Failed(Ec2Error error) => new(new Ec2Failure(error.Kind, error.Code, error.Message));

    /// <summary>
    /// A read's failure as the loop takes it: EC2's error, or a transient one for anything else (no result in a batch,
    /// the throttle unreachable for DescribeInstanceTypes' token, the client failing), which the loop reads again after
    /// its back-off. An exception escaping here would leave the node waiting on its read for as long as it stays active.
    /// </summary>
    private static Ec2Failure Failure(Exception e) => e switch
    {
        Ec2CallFailedException failed => new Ec2Failure(failed.Error.Kind, failed.Error.Code, failed.Error.Message),
        BatchResultMissingException => new Ec2Failure(Core.Errors.Ec2ErrorKind.Transient, "NoResult", e.Message),
        _ => new Ec2Failure(Core.Errors.Ec2ErrorKind.Transient, "ClientError", $"the read failed: {e.GetType().Name}: {e.Message}"),
    };
}
