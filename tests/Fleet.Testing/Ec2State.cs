using System.Text.Json.Nodes;

namespace Fleet.Testing;

/// <summary>An ENI in the emulator's state.</summary>
public sealed record StateEni(
    string Id,
    string SubnetId,
    string Status,
    string PrimaryIp,
    IReadOnlyList<string> SecondaryIps,
    IReadOnlyList<string> Prefixes,
    IReadOnlyDictionary<string, string> Tags,
    string? AttachedTo,
    int? DeviceIndex);

/// <summary>The parts of <c>/_emulator/state</c> the invariants read: ENIs and instances.</summary>
public sealed record Ec2State(IReadOnlyList<StateEni> Enis, IReadOnlyDictionary<string, string> InstanceStates)
{
    /// <summary>Parses the emulator's state document.</summary>
    public static Ec2State Parse(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var enis = root["networkInterfaces"]!.AsArray().Select(n => n!.AsObject()).Select(n => new StateEni(
            n["networkInterfaceId"]!.GetValue<string>(),
            n["subnetId"]!.GetValue<string>(),
            n["status"]!.GetValue<string>(),
            n["privateIpAddress"]!.GetValue<string>(),
            [.. n["privateIpAddresses"]!.AsArray().Where(a => a!["primary"]?.GetValue<bool>() != true).Select(a => a!["privateIpAddress"]!.GetValue<string>())],
            [.. (n["ipv4Prefixes"]?.AsArray() ?? []).Select(p => p!.GetValue<string>())],
            (n["tags"]?.AsArray() ?? []).ToDictionary(t => t!["key"]!.GetValue<string>(), t => t!["value"]!.GetValue<string>(), StringComparer.Ordinal),
            n["attachment"]?["instanceId"]?.GetValue<string>(),
            n["attachment"]?["deviceIndex"]?.GetValue<int>())).ToList();
        var instances = root["instances"]!.AsArray().ToDictionary(
            i => i!["instanceId"]!.GetValue<string>(), i => i!["state"]!["name"]!.GetValue<string>(), StringComparer.Ordinal);
        return new Ec2State(enis, instances);
    }

    /// <summary>The same view of an in-process emulator's region (<c>Ec2Region.Snapshot()</c>), for in-process clusters.</summary>
    public static Ec2State From(Fleet.Ec2.Emulator.RegionSnapshot snapshot) => new(
        [.. snapshot.NetworkInterfaces.Select(n => new StateEni(
            n.NetworkInterfaceId,
            n.SubnetId,
            n.Status,
            n.PrivateIpAddress,
            [.. n.SecondaryIpAddresses],
            [.. n.Ipv4Prefixes],
            n.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            n.Attachment?.InstanceId,
            n.Attachment?.DeviceIndex))],
        snapshot.Instances.ToDictionary(i => i.InstanceId, i => i.State.Name, StringComparer.Ordinal));

    /// <summary>ENIs Fleet created for a cluster (tag <c>fleet.io/cluster</c>).</summary>
    public IEnumerable<StateEni> FleetEnis(string cluster) =>
        Enis.Where(e => e.Tags.TryGetValue("fleet.io/cluster", out var c) && c == cluster);
}
