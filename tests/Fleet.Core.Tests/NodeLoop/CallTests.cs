using System.Collections.Immutable;
using Fleet.Core.Errors;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.NodeLoop;

/// <summary>A token, then the call: planned at the grant from the demand then, persisted before EC2 sees it.</summary>
public sealed class CallTests
{
    [Fact]
    public void Ten_reports_while_the_token_is_queued_make_one_call_sized_for_the_last()
    {
        var node = new LoopHarness();
        node.Start(10);
        for (var used = 20; used <= 100; used += 10)
        {
            Assert.False(node.Report(used).Has<CallEc2>());
        }

        var effects = node.Grant(7, Ec2Action.AssignPrivateIpAddresses);

        Assert.Equal(["Persist", "CallEc2"], effects.Kinds()); // the intent is durable before EC2 sees the call
        Assert.Equal(new AssignAddresses(LoopHarness.Eth0.Id, AddressKind.Prefix, 7), effects.Single<CallEc2>().Action); // 100 + 8 → 7 × 16
        Assert.NotNull(node.Memory.Intent);
    }

    [Fact]
    public void A_grant_for_a_call_no_longer_needed_goes_back_unused()
    {
        var node = new LoopHarness();
        node.Start(10);
        node.Report(0, inUse: []);
        node.Memory = node.Memory with { Enis = [LoopHarness.Eth0 with { Prefixes = ["10.0.1.0/28"] }] };

        var effects = node.Grant(3, Ec2Action.AssignPrivateIpAddresses);

        var complete = effects.Single<CompleteGrant>();
        Assert.Equal((3L, CallOutcome.Unused, null), (complete.GrantId, complete.Outcome, complete.Next));
        Assert.False(effects.Has<CallEc2>());
    }

    [Fact]
    public void An_answer_grows_the_eni_completes_the_grant_and_tells_the_subnet_ledger()
    {
        var node = new LoopHarness();
        node.Start(20);
        node.Grant(4, Ec2Action.AssignPrivateIpAddresses);

        var effects = node.Answer(new AddressesAssigned(["10.0.1.0/28", "10.0.1.16/28"], []));

        Assert.Equal(["10.0.1.0/28", "10.0.1.16/28"], node.Memory.Enis[0].Prefixes.ToArray());
        Assert.Equal((4L, CallOutcome.Sent, null), (effects.Single<CompleteGrant>().GrantId, effects.Single<CompleteGrant>().Outcome, effects.Single<CompleteGrant>().Next));
        Assert.Equal(new ChangeSubnet("subnet-0node", 32, 2), effects.Single<ChangeSubnet>());
        Assert.True(effects.Has<Save>());
        Assert.Null(node.Memory.Intent);
        Assert.Equal(NodePhase.Ready, NodeStanding.Phase(node.Memory, node.Options));
    }

    [Fact]
    public void An_eni_primary_address_is_never_usable_whatever_the_answer_claims()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.Off });
        node.Start(4);
        node.Grant(1, Ec2Action.AssignPrivateIpAddresses);

        // An EC2 that echoes every address of the ENI (moto does), its primary among them.
        node.Answer(new AddressesAssigned([], [LoopHarness.Eth0.PrimaryIp, "10.0.0.11", "10.0.0.12"]));

        Assert.Equal(["10.0.0.11", "10.0.0.12"], node.Memory.Enis[0].SecondaryIps.ToArray());
        Assert.Equal(2, NodeStanding.Targets(node.Memory)!.Value.Available);
    }

    [Fact]
    public void An_address_an_answer_lists_twice_is_held_once_so_no_two_pods_get_it()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.Off, FirstInterfaceIndex = 1 });
        node.Start(4);
        node.Grant(1, Ec2Action.CreateNetworkInterface);

        // moto's CreateNetworkInterface draws its secondary IPs at random, and can draw one twice.
        var created = LoopHarness.Eni("eni-0made", -1, ips: ["10.0.0.21", "10.0.0.22", "10.0.0.21", "10.0.0.23"]);
        node.Answer(new InterfaceCreated(created));

        Assert.Equal(["10.0.0.21", "10.0.0.22", "10.0.0.23"], node.Memory.Enis.Single(e => e.Id == "eni-0made").SecondaryIps.ToArray());
    }

    [Fact]
    public void A_describe_listing_an_address_twice_leaves_it_held_once_and_counted_once()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.Off });
        node.Start(2);

        node.Described(LoopHarness.Eth0 with { SecondaryIps = ["10.0.0.11", "10.0.0.12", "10.0.0.11"], Prefixes = [] });

        Assert.Equal(["10.0.0.11", "10.0.0.12"], node.Memory.Enis[0].SecondaryIps.ToArray());
        Assert.Equal(2, NodeStanding.Targets(node.Memory)!.Value.Available);
    }

    [Fact]
    public void A_create_whose_answer_was_lost_is_retried_with_the_same_token_and_a_describe_showing_its_eni_settles_it()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, FirstInterfaceIndex = 1 });
        node.Start(20);
        var first = node.Grant(1, Ec2Action.CreateNetworkInterface).Single<CallEc2>();
        node.Answer(new CallFailed(new Ec2Failure(Ec2ErrorKind.Transient, "RequestTimeout", "no answer")));
        Assert.Equal(first.ClientToken, node.Memory.Intent!.ClientToken);

        node.Now += TimeSpan.FromSeconds(2);
        node.Step(Ticked.Instance); // reads first: the create may have been applied
        var created = LoopHarness.Eni("eni-0made", -1, tags: new Dictionary<string, string> { [FleetTags.Node] = LoopHarness.Id, [FleetTags.Intent] = first.ClientToken! });
        var effects = node.Described(LoopHarness.Eth0, created with { Prefixes = ["10.0.1.0/28", "10.0.1.16/28"] });

        Assert.Null(node.Memory.Intent); // settled: no second ENI
        Assert.Equal(Ec2Action.AttachNetworkInterface, effects.Single<RequestToken>().Action);
    }

    [Fact]
    public void A_create_failing_in_an_impaired_subnet_is_asked_of_a_healthy_sibling_once_the_consistency_grace_has_passed()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, FirstInterfaceIndex = 1 })
        {
            Subnets = new SubnetView([Subnet("subnet-0node", impaired: false), Subnet("subnet-0other", impaired: false)]),
        };
        node.Start(20);
        var first = node.Grant(1, Ec2Action.CreateNetworkInterface).Single<CallEc2>();
        Assert.Equal("subnet-0node", Assert.IsType<CreateInterface>(first.Action).SubnetId);

        var failed = node.Answer(new CallFailed(new Ec2Failure(Ec2ErrorKind.Transient, "Unavailable", "503")));
        Assert.Equal("subnet-0node", failed.Single<MarkSubnetImpaired>().SubnetId);

        // The host's ledger now says so; the describe since shows no ENI with the token. Within the consistency grace
        // a create EC2 applied without answering may not show yet: the same create, same token.
        node.Subnets = new SubnetView([Subnet("subnet-0node", impaired: true), Subnet("subnet-0other", impaired: false)]);
        node.Now += TimeSpan.FromSeconds(2);
        node.Step(Ticked.Instance);
        node.Described(LoopHarness.Eth0);
        Assert.NotNull(node.Memory.Intent);
        var retried = node.Grant(2, Ec2Action.CreateNetworkInterface).Single<CallEc2>();
        Assert.Equal(("subnet-0node", first.ClientToken), (Assert.IsType<CreateInterface>(retried.Action).SubnetId, retried.ClientToken));
        node.Answer(new CallFailed(new Ec2Failure(Ec2ErrorKind.Transient, "Unavailable", "503")));

        // Past the grace, with still no ENI: the intent is given up for the healthy sibling, with a new token.
        node.Now += new AllocatorOptions().ConsistencyGrace;
        node.Step(Ticked.Instance);
        var asked = node.Described(LoopHarness.Eth0);
        Assert.Equal(Ec2Action.CreateNetworkInterface, asked.Single<RequestToken>().Action);
        Assert.Null(node.Memory.Intent);

        var second = node.Grant(3, Ec2Action.CreateNetworkInterface).Single<CallEc2>();
        Assert.Equal("subnet-0other", Assert.IsType<CreateInterface>(second.Action).SubnetId);
        Assert.NotEqual(first.ClientToken, second.ClientToken);
    }

    [Fact]
    public void A_create_failing_in_the_only_subnet_is_retried_there_with_the_same_token()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, FirstInterfaceIndex = 1 })
        {
            Subnets = new SubnetView([Subnet("subnet-0node", impaired: true)]),
        };
        node.Start(20);
        var first = node.Grant(1, Ec2Action.CreateNetworkInterface).Single<CallEc2>();
        node.Answer(new CallFailed(new Ec2Failure(Ec2ErrorKind.Transient, "Unavailable", "503")));

        node.Now += TimeSpan.FromSeconds(2);
        node.Step(Ticked.Instance);
        node.Described(LoopHarness.Eth0);
        var second = node.Grant(2, Ec2Action.CreateNetworkInterface).Single<CallEc2>();

        Assert.Equal(("subnet-0node", first.ClientToken), (Assert.IsType<CreateInterface>(second.Action).SubnetId, second.ClientToken));
    }

    private static SubnetCapacity Subnet(string id, bool impaired) =>
        new(id, "vpc-0fleet", "us-east-1a", 4000, 250, ImmutableDictionary<string, string>.Empty) { Impaired = impaired };

    [Fact]
    public void A_report_that_repeats_the_last_one_writes_nothing()
    {
        var node = new LoopHarness();
        node.Start(20, []);
        node.Grant(1, Ec2Action.AssignPrivateIpAddresses);
        node.Answer(new AddressesAssigned(["10.0.1.0/28", "10.0.1.16/28"], []));
        node.Report(20, inUse: ["10.0.1.1"]);

        var again = node.Report(20, inUse: ["10.0.1.1"]);

        Assert.Equal(ReportOutcome.Accepted, again.Single<AnswerReport>().Outcome);
        Assert.False(again.Has<Save>());
    }
}
