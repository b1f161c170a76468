using System.Collections.Immutable;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;

namespace Fleet.Core.Tests.NodeLoop;

/// <summary>
/// Drives Fleet.Core's node loop by hand, as cilium's <c>pkg/ipam</c> node tests drive its node: a memory, an event,
/// the next memory and the effects — no host, no EC2, no clock but the one the test moves.
/// </summary>
internal sealed class LoopHarness
{
    public const string Id = "i-0test";

    public LoopHarness(NodeSpec? spec = null)
    {
        Memory = new NodeMemory(Id) { Spec = spec ?? new NodeSpec { PrefixDelegation = PrefixDelegation.On } };
    }

    public NodeMemory Memory { get; set; }

    public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public AllocatorOptions Options { get; } = new() { LookaheadFactor = 0 };

    public SubnetView Subnets { get; set; } = SubnetView.Unconstrained;

    /// <summary>The group's quantile peak the host would read (null: no history).</summary>
    public int? GroupPeak { get; set; }

    /// <summary>eth0 of the test instance, as a describe shows it.</summary>
    public static Eni Eth0 { get; } = FreshNode.Create(Id, Limits).Enis[0];

    public static InstanceLimits Limits => InstanceTypeCatalog.Embedded.Get("m5.large");

    public static InstanceFacts Facts { get; } = new("us-east-1a", "vpc-0fleet", "subnet-0node", Limits);

    public ImmutableArray<NodeEffect> Step(NodeEvent e)
    {
        var step = Node.NodeLoop.Step(Memory, e, new NodeContext(Now, Options, Subnets, GroupPeak: GroupPeak));
        Memory = step.Memory;
        return step.Effects;
    }

    public ImmutableArray<NodeEffect> Report(int used, int pending = 0, ImmutableArray<string>? inUse = null, ImmutableArray<string>? acks = null) =>
        Step(new DemandReported(new AgentReport(used, pending, inUse, acks)));

    /// <summary>A node that has accepted a first report of <paramref name="used"/> and read EC2: it waits for a token.</summary>
    public ImmutableArray<NodeEffect> Start(int used, params Eni[] enis)
    {
        Report(used);
        Step(new InstanceDescribed(InstanceLookup.Running, Facts));
        return Described([Eth0, .. enis]);
    }

    public ImmutableArray<NodeEffect> Described(params Eni[] enis) =>
        Step(new InterfacesDescribed([.. enis.Select(e => new SeenEni(e, e.Attachment is null ? null : Id))]));

    public ImmutableArray<NodeEffect> Grant(long id, Throttling.Ec2Action action, TimeSpan? waited = null) =>
        Step(new TokenGranted(id, action, waited ?? TimeSpan.Zero));

    public ImmutableArray<NodeEffect> Answer(CallResult result) => Step(new CallAnswered(result));

    public static Eni Eni(string id, int device, string subnet = "subnet-0node", string[]? prefixes = null, string[]? ips = null,
        string primary = "10.0.0.20", IReadOnlyDictionary<string, string>? tags = null) => new(
        id, subnet, primary, [.. ips ?? []], [.. prefixes ?? []], ["sg-0default"],
        (tags ?? new Dictionary<string, string> { [FleetTags.Node] = Id }).ToImmutableDictionary(StringComparer.Ordinal),
        device < 0 ? null : new EniAttachment($"eni-attach-{id}", device, 0, false));
}

/// <summary>Reading effects in assertions.</summary>
internal static class Effects
{
    public static T Single<T>(this ImmutableArray<NodeEffect> effects)
        where T : NodeEffect => Assert.Single(effects.OfType<T>());

    public static bool Has<T>(this ImmutableArray<NodeEffect> effects)
        where T : NodeEffect => effects.OfType<T>().Any();

    /// <summary>The effects that reach outside the node (everything but logs and metrics), by type name.</summary>
    public static string[] Kinds(this ImmutableArray<NodeEffect> effects) =>
        [.. effects.Where(e => e is not NodeObservation).Select(e => e.GetType().Name)];
}
