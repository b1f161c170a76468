using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator;

/// <summary>One call in the trail (<c>GET /_emulator/trail</c> serialises one per line).</summary>
/// <param name="Sequence">The call's number, from 1 (keeps counting when the ring buffer overwrites).</param>
/// <param name="Time">When the call arrived (ISO-8601 UTC in JSON).</param>
/// <param name="Action">The EC2 action (the unfiltered describe variants show as their action with <c>Bucket</c> set).</param>
/// <param name="Bucket">The bucket the call drew from, when it differs from the action (unfiltered describes).</param>
/// <param name="Client">The caller's identity, if given.</param>
/// <param name="NetworkInterfaceId">The ENI the call concerned (created, for CreateNetworkInterface).</param>
/// <param name="InstanceId">The instance the call concerned.</param>
/// <param name="SubnetId">The subnet the call concerned.</param>
/// <param name="AttachmentId">The attachment the call concerned.</param>
/// <param name="Count">Addresses or prefixes asked for, ids or filter values given — the call's size.</param>
/// <param name="Detail">Other key parameters, e.g. <c>prefixes</c> or the filter names.</param>
/// <param name="Outcome"><c>OK</c> or the error code.</param>
/// <param name="HttpStatus">The HTTP status answered.</param>
/// <param name="LatencyMs">The latency sampled for the call, in milliseconds (compressed).</param>
/// <param name="ResponseLost">Whether the response was dropped by fault injection.</param>
/// <param name="RequestId">The request id.</param>
public sealed record TrailEntry(
    long Sequence,
    DateTimeOffset Time,
    string Action,
    string? Bucket,
    string? Client,
    string? NetworkInterfaceId,
    string? InstanceId,
    string? SubnetId,
    string? AttachmentId,
    int? Count,
    string? Detail,
    string Outcome,
    int HttpStatus,
    double LatencyMs,
    bool ResponseLost,
    string RequestId);

/// <summary>A bucket's size and current tokens.</summary>
/// <param name="Bucket">The action (or unfiltered variant) name.</param>
/// <param name="Capacity">The burst.</param>
/// <param name="RefillPerSecond">Tokens per second, after time compression.</param>
/// <param name="Tokens">Tokens now (negative while rejected calls are in debt).</param>
public sealed record BucketStatus(string Bucket, double Capacity, double RefillPerSecond, double Tokens);

/// <summary>Call counts (<c>GET /_emulator/stats</c>).</summary>
/// <param name="Total">Every call received.</param>
/// <param name="ByAction">Action → outcome (<c>OK</c> or error code) → calls.</param>
/// <param name="ByClient">Client → calls (clients that identified themselves).</param>
public sealed record CallStatistics(
    long Total,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> ByAction,
    IReadOnlyDictionary<string, long> ByClient)
{
    /// <summary>Calls of an action with an outcome (0 when none).</summary>
    public long Count(string action, string outcome = "OK") =>
        ByAction.TryGetValue(action, out var outcomes) && outcomes.TryGetValue(outcome, out var n) ? n : 0;
}

/// <summary>The whole region (<c>GET /_emulator/state</c>): everything, eventual consistency ignored.</summary>
/// <param name="Region">The region name.</param>
/// <param name="Time">The emulator's clock.</param>
/// <param name="TimeCompression">The compression factor.</param>
/// <param name="Vpcs">VPCs.</param>
/// <param name="Subnets">Subnets with free addresses and free aligned /28 blocks.</param>
/// <param name="SecurityGroups">Security groups.</param>
/// <param name="Instances">Instances, terminated ones included.</param>
/// <param name="NetworkInterfaces">Every ENI in creation order.</param>
/// <param name="Buckets">Every throttling bucket.</param>
/// <param name="Faults">The fault table with remaining counts.</param>
public sealed record RegionSnapshot(
    string Region,
    DateTimeOffset Time,
    double TimeCompression,
    IReadOnlyList<Ec2Vpc> Vpcs,
    IReadOnlyList<Ec2Subnet> Subnets,
    IReadOnlyList<Ec2SecurityGroup> SecurityGroups,
    IReadOnlyList<Ec2Instance> Instances,
    IReadOnlyList<Ec2NetworkInterface> NetworkInterfaces,
    IReadOnlyList<BucketStatus> Buckets,
    IReadOnlyDictionary<string, ActionFaultOptions> Faults);
