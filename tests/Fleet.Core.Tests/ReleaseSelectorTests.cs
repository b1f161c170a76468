using Fleet.Core.Addressing;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using static Fleet.Core.Tests.TestNodes;

namespace Fleet.Core.Tests;

public sealed class ReleaseSelectorTests
{
    private static readonly NodeSpec Spec = Prefix();

    // eth0 with 9 prefixes (144 addresses).
    private static NodeState Full() => new SyntheticEc2().Apply(Fresh(), new AssignAddresses(Fresh().Enis[0].Id, AddressKind.Prefix, 9));

    [Fact]
    public void Nothing_is_proposed_without_the_agents_list_of_addresses_in_use()
    {
        Assert.Null(ReleaseSelector.Propose(Full(), Spec, new Demand(0), inUse: null));
    }

    [Fact]
    public void Only_whole_prefixes_holding_no_address_in_use_are_proposed()
    {
        var node = Full();
        var prefixes = node.Enis[0].Prefixes;
        // One address in use inside each of the first three prefixes.
        var inUse = prefixes.Take(3).Select(p => Ipv4.Format(Ipv4.ParseCidr(p).Network + 5)).ToHashSet();

        var proposal = ReleaseSelector.Propose(node, Spec, new Demand(inUse.Count), inUse);

        Assert.NotNull(proposal);
        // Excess = 144 - 3 - 8 = 133 → at most 8 whole prefixes; only the 6 unused ones qualify.
        Assert.Equal(6, proposal.Prefixes.Length);
        Assert.DoesNotContain(proposal.Prefixes, p => inUse.Any(ip => Ipv4.PrefixContains(p, ip)));
        Assert.True(ReleaseSelector.IsStillSafe(proposal, node, inUse));
    }

    [Fact]
    public void Release_never_goes_below_used_plus_pre_allocation()
    {
        var node = Full();
        var proposal = ReleaseSelector.Propose(node, Spec, new Demand(0), new HashSet<string>());

        Assert.NotNull(proposal);
        var after = new SyntheticEc2().Apply(node, proposal);
        Assert.True(NodeTargets.Compute(after, Spec, new Demand(0)).Available >= Spec.EffectivePreAllocate);
        Assert.Equal(0, NodeTargets.Compute(after, Spec, new Demand(0)).Needed);
    }

    [Fact]
    public void Proposal_turns_unsafe_once_an_address_inside_it_is_reported_in_use()
    {
        var node = Full();
        var proposal = ReleaseSelector.Propose(node, Spec, new Demand(0), new HashSet<string>())!;
        var nowUsed = new HashSet<string> { Ipv4.Format(Ipv4.ParseCidr(proposal.Prefixes[0]).Network + 15) };

        Assert.False(ReleaseSelector.IsStillSafe(proposal, node, nowUsed));
    }

    [Fact]
    public void Less_excess_than_a_prefix_releases_nothing_from_an_eni_of_prefixes_only()
    {
        var node = Full();
        var inUse = node.Enis[0].Prefixes.SelectMany(p => Enumerable.Range(0, 16).Select(i => Ipv4.Format(Ipv4.ParseCidr(p).Network + (uint)i))).Take(126).ToHashSet();

        // Excess = 144 - 126 - 8 = 10: not a whole prefix, and eth0 has no secondary IP to give back.
        Assert.Equal(10, NodeTargets.Compute(node, Spec, new Demand(126)).Excess);
        Assert.Null(ReleaseSelector.Propose(node, Spec, new Demand(126), inUse));
    }

    [Fact]
    public void Primary_addresses_are_never_proposed()
    {
        var spec = new NodeSpec { PrefixDelegation = PrefixDelegation.Off };
        var node = new SyntheticEc2().Apply(Fresh(), new AssignAddresses(Fresh().Enis[0].Id, AddressKind.Ip, 9));

        var proposal = ReleaseSelector.Propose(node, spec, new Demand(0), new HashSet<string>())!;

        Assert.DoesNotContain(node.Enis[0].PrimaryIp, proposal.Ips);
        Assert.Single(proposal.Ips); // excess = 9 - 0 - 8 = 1
    }
}
