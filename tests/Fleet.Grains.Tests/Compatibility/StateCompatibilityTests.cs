using Fleet.Core.Model;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;
using Fleet.Grains.Node;
using Fleet.Grains.Throttle;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Fleet.Grains.Tests.Compatibility;

/// <summary>
/// What Fleet 0.1 wrote is read by this version, field by field: a node grain's and the throttle grain's persisted
/// state (in Redis across an upgrade), and the token protocol's messages (between old and new silos during a rolling
/// upgrade). The bytes come from Fleet 0.1's own code (make-fixtures.sh); every field was set to something other
/// than its default, so a field that did not survive fails here.
/// </summary>
public sealed class StateCompatibilityTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, byte[]> Fixtures = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Compatibility", "fleet-0.1-state.txt"))
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => l.Split(' ', 2))
        .ToDictionary(p => p[0], p => Convert.FromBase64String(p[1]), StringComparer.Ordinal);

    private static T Read<T>(string fixture) => Serializer.Deserialize<T>(Fixtures[fixture]) ?? throw new InvalidDataException($"{fixture} read as null");

    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(NodeGrainState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void A_node_state_written_by_fleet_0_1_reads_back_with_every_field()
    {
        var s = Read<NodeGrainState>("node");

        var i = s.Instance!;
        Assert.Equal(("m5.large", "us-east-1a", "vpc-0fleet", "subnet-0a000000000000001", "nitro", false, 3, 10, 0),
            (i.InstanceType, i.AvailabilityZone, i.VpcId, i.SubnetId, i.Hypervisor, i.BareMetal, i.MaxInterfaces, i.Ipv4PerInterface, i.DefaultNetworkCard));
        Assert.Equal([0, 3], Assert.Single(i.NetworkCards));

        var spec = s.Spec;
        Assert.Equal((16, 45, 200, 12, 1, true, PrefixDelegation.On, false),
            (spec.PreAllocate, spec.MinAllocate, spec.MaxAllocate, spec.MaxAboveWatermark, spec.FirstInterfaceIndex, spec.UsePrimaryAddress, spec.PrefixDelegation, spec.DeleteOnTermination));
        Assert.Equal(["subnet-0a000000000000001"], spec.SubnetIds.ToArray());
        Assert.Equal("pods", spec.SubnetTags["tier"]);
        Assert.Equal(["sg-0test00000000000001"], spec.SecurityGroups.ToArray());

        var eni = Assert.Single(s.Enis);
        Assert.Equal(("eni-0aaaaaaaaaaaaaaa1", "subnet-0a000000000000001", "10.0.0.10", "eni-attach-0aaaaaaaaaaaaaaa1", 1, 0, true, At),
            (eni.Id, eni.SubnetId, eni.PrimaryIp, eni.AttachmentId, eni.DeviceIndex, eni.NetworkCard, eni.DeleteOnTermination, eni.CreatedAt!.Value));
        Assert.Equal(["10.0.0.11"], eni.SecondaryIps);
        Assert.Equal(["10.0.1.0/28", "10.0.1.16/28"], eni.Prefixes);
        Assert.Equal(["sg-0test00000000000001"], eni.SecurityGroups);
        Assert.Equal("fleet-i-0aaaaaaaaaaaaaaa1-3", eni.Tags["fleet.io/intent"]);

        var demand = s.Demand!;
        Assert.Equal((20, 3, At.AddSeconds(1)), (demand.Used, demand.Pending, demand.ReportedAt));
        Assert.Equal(["10.0.1.1", "10.0.1.2"], demand.InUse);

        var intent = s.Intent!;
        Assert.Equal((Ec2Action.CreateNetworkInterface, "eni-0aaaaaaaaaaaaaaa2", "subnet-0a000000000000001", AddressKind.Prefix, 9, 2, 0),
            (intent.Action, intent.EniId, intent.SubnetId, intent.Kind, intent.Count, intent.DeviceIndex, intent.NetworkCard));
        Assert.Equal(["sg-0test00000000000001"], intent.SecurityGroups);
        Assert.Equal(["10.0.2.0/28"], intent.Prefixes);
        Assert.Equal(["10.0.2.99"], intent.Ips);
        Assert.Equal(("eni-attach-0aaaaaaaaaaaaaaa2", "fleet-i-0aaaaaaaaaaaaaaa1-4", At.AddSeconds(2), 2),
            (intent.AttachmentId, intent.ClientToken, intent.CreatedAt, intent.Attempts));

        var release = s.Release!;
        Assert.Equal(("eni-0aaaaaaaaaaaaaaa1", At.AddSeconds(3), At.AddSeconds(4)), (release.EniId, release.ProposedAt, release.AckedAt!.Value));
        Assert.Equal(["10.0.1.16/28"], release.Prefixes);
        Assert.Equal(["10.0.0.11"], release.Ips);

        Assert.Equal((Ec2Action.AssignPrivateIpAddresses, "InternalError", "boom", At.AddSeconds(5)), (s.LastError!.Action, s.LastError.Code, s.LastError.Message, s.LastError.At));
        Assert.Equal(4, s.IntentSequence);
        Assert.Equal(new Dictionary<Ec2Action, long> { [Ec2Action.AssignPrivateIpAddresses] = 3, [Ec2Action.CreateNetworkInterface] = 1 }, s.Calls);
        Assert.Equal((At.AddSeconds(6), 17L, At.AddSeconds(7), true), (s.ShortSince!.Value, s.Version, s.UpdatedAt!.Value, s.InstanceGone));
        Assert.Equal(["eni-0aaaaaaaaaaaaaaa3"], s.Abandoned);
        Assert.Equal(["10.0.1.32/28"], s.Released);
        Assert.Equal((0.25, 1000d, 23, 900d, 10), (s.Trend!.GrowthPerSecond, s.Trend.LastSeconds, s.Trend.LastTotal, s.Trend.LowSeconds, s.Trend.LowTotal));
    }

    [Fact]
    public void A_node_state_read_from_fleet_0_1_becomes_the_memory_it_described()
    {
        var memory = NodeStateMapping.ToMemory("i-0aaaaaaaaaaaaaaa1", Read<NodeGrainState>("node"), new Core.Node.AllocatorOptions());

        var create = Assert.IsType<Core.Planning.CreateInterface>(memory.Intent!.Action);
        Assert.Equal(("subnet-0a000000000000001", AddressKind.Prefix, 9, "fleet-i-0aaaaaaaaaaaaaaa1-4"), (create.SubnetId, create.Kind, create.Count, memory.Intent.ClientToken));
        Assert.Equal(At, memory.CreatedAt["eni-0aaaaaaaaaaaaaaa1"]);
        Assert.Equal((23, 10), (memory.Trend.Snapshot().LastTotal, memory.Trend.Snapshot().LowTotal));
        Assert.Equal((20, 3), (memory.CurrentDemand.Used, memory.CurrentDemand.Pending));
        Assert.True(memory.Terminated);
        // Written before peaks were kept: its demand is its known peak, so no prior grows it after an upgrade.
        Assert.Equal(new Core.Priors.NodePeak(23, At.AddSeconds(1), new Core.Priors.PeakSample(23, At.AddSeconds(1))), memory.Peak);
        Assert.False(memory.Peak.Young);
    }

    [Fact]
    public void The_throttle_state_written_by_fleet_0_1_reads_back()
    {
        var s = Read<Abstractions.State.ThrottleGrainState>("throttle");

        Assert.Equal((5L, At.AddSeconds(8)), (s.Epoch, s.SpentUntil!.Value));
    }

    [Fact]
    public void Token_messages_of_a_fleet_0_1_silo_read_as_this_version_s_with_core_types()
    {
        var request = Read<TokenRequest>("request");
        var grant = Read<TokenGrant>("grant");

        Assert.Equal(("i-0aaaaaaaaaaaaaaa1", Ec2Action.AssignPrivateIpAddresses, new Urgency(WorkClass.Housekeeping, 3, 28), true),
            (request.Requester, request.Action, request.Urgency, request.HoldsNothing));
        Assert.Equal((4294967301L, Ec2Action.AttachNetworkInterface, WorkClass.Housekeeping, At.AddSeconds(9), TimeSpan.FromSeconds(12.5), (Core.Planning.PathWaits?)null),
            (grant.Id, grant.Action, grant.Class, grant.GrantedAt, grant.Waited, grant.Waits));
    }

    [Fact]
    public void State_written_by_this_version_reads_back_unchanged()
    {
        var original = Read<NodeGrainState>("node");

        var again = Serializer.Deserialize<NodeGrainState>(Serializer.SerializeToArray(original))!;

        Assert.Equal(Serializer.SerializeToArray(original), Serializer.SerializeToArray(again));
        Assert.Equal((original.Spec, original.Intent!.Kind, original.Calls.Count), (again.Spec with { SubnetIds = original.Spec.SubnetIds, SubnetTags = original.Spec.SubnetTags, SecurityGroups = original.Spec.SecurityGroups }, again.Intent!.Kind, again.Calls.Count));
    }
}
