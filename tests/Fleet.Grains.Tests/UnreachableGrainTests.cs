using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Grains.Throttle;
using Fleet.Testing;
using Orleans.Runtime;

namespace Fleet.Grains.Tests;

/// <summary>
/// A node whose fellow grains cannot be reached for a moment, as while a dead silo's grains and directory are taken
/// over by the others: the node loses no answer EC2 gave it and carries on once they can be reached again. Each fault is
/// one failed grain call at the point that matters, injected by a grain call filter in the real runtime.
/// </summary>
public sealed class UnreachableGrainTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_subnet_grain_unreachable_just_after_the_describe_loses_no_answer_and_the_node_finishes_without_another_report()
    {
        // The first report reads the instance, then its ENIs; stepping the ENIs' answer needs the zone's subnets, and
        // that read fails. The answer waits for the next turn: the node gets there on its own, with no report to wake it.
        var faults = new OneFailure(nameof(ISubnetGrain), nameof(ISubnetGrain.GetCapacity));
        await using var cluster = await StartAsync(faults);
        var node = cluster.Launch(1)[0];

        var first = await TryReportAsync(cluster, node, used: 20);
        output.WriteLine($"first report: {first}");

        var ready = await cluster.WaitForAllAsync([node], timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(1, faults.Failed);
        Assert.True(Assert.Single(ready).Available >= 20);
    }

    [Fact]
    public async Task A_throttle_unreachable_for_the_instance_type_token_fails_one_read_and_the_next_report_finishes_the_node()
    {
        // DescribeInstances answers, then the DescribeInstanceTypes token cannot be asked for. The read counts as failed
        // (the instance type's limits come from the catalog next time rather than from a failure kept for the silo), and
        // the agent's next report finds the node reading again, not waiting on the lost read for good.
        var faults = new OneFailure(nameof(IThrottleGrain), nameof(IThrottleGrain.TryAcquire),
            call => call.Request.GetArgument(0) is Core.Throttling.Ec2Action.DescribeInstanceTypes);
        await using var cluster = await StartAsync(faults);
        var node = cluster.Launch(1)[0];

        await Eventually.Until(async () => await TryReportAsync(cluster, node, used: 20) is not null && faults.Failed == 1
                && (await cluster.Node(node).GetAllocation()).Status == NodeStatus.Ready,
            ready => ready, "the node ready after the failed token", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
        Assert.True((await cluster.Node(node).GetAllocation()).Available >= 20);
    }

    [Fact]
    public async Task A_moved_node_whose_resume_cannot_read_its_subnets_resumes_on_its_own_and_restores_a_lost_prefix()
    {
        // A node is ready; while it is inactive, one of its prefixes is taken away behind its back. When it comes back
        // (as on another silo after its own died), its resume reads EC2 and restores the prefix, with no report to wake
        // it, even though the resume's first step could not read its zone's subnets.
        var faults = new OneFailure(nameof(ISubnetGrain), nameof(ISubnetGrain.GetCapacity), armed: false);
        await using var cluster = await StartAsync(faults);
        var node = cluster.Launch(1)[0];
        await Eventually.Until(() => TryReportAsync(cluster, node, used: 20), o => o == DemandOutcome.Accepted, "the report accepted");
        var ready = Assert.Single(await cluster.WaitForAllAsync([node]));
        var eni = ready.Enis.Single(e => e.Prefixes.Length > 0);

        await cluster.DeactivateAsync(cluster.Node(node));
        var taken = eni.Prefixes[^1];
        Assert.True(cluster.Region.UnassignPrivateIpAddresses(new() { NetworkInterfaceId = eni.EniId, Ipv4Prefixes = [taken] }).IsSuccess);
        var assignsBefore = cluster.TrailFor([node]).Count(t => t.Action == "AssignPrivateIpAddresses");
        faults.Arm();

        await cluster.Node(node).GetAllocation(); // reactivates the node, which resumes by itself
        await Eventually.Until(() => cluster.TrailFor([node]).Count(t => t.Action == "AssignPrivateIpAddresses"), n => n > assignsBefore,
            "the resumed node assigns a prefix again", TimeSpan.FromSeconds(60));
        Assert.Equal(1, faults.Failed);
        await cluster.WaitForAllAsync([node]);
    }

    [Fact]
    public async Task A_token_whose_turn_cannot_read_its_subnets_is_used_on_the_next_tick_not_lost_until_the_keepalive()
    {
        // The throttle's grant is a one-way message: if its turn cannot read the zone's subnets and the grant is dropped,
        // the node waits for its RequestKeepAlive to ask again and the throttle for its GrantLease to take the token
        // back (both ten minutes here). Kept, the grant is used by the retry one TickInterval later.
        var subnets = new OneFailure(nameof(ISubnetGrain), nameof(ISubnetGrain.GetCapacity), armed: false);
        var arm = new ArmOn(nameof(ITokenHolder), nameof(ITokenHolder.OnGranted), subnets);
        await using var cluster = await StartAsync([arm, subnets], new Dictionary<string, string?>
        {
            ["Fleet:Allocator:SubnetCacheFreshness"] = "00:00:00", // every step reads the subnets
            ["Fleet:Allocator:RequestKeepAlive"] = "00:10:00",
            ["Fleet:Throttle:GrantLease"] = "00:10:00",
        });
        var node = cluster.Launch(1)[0];

        Assert.Equal(DemandOutcome.Accepted, await TryReportAsync(cluster, node, used: 20));

        var ready = await cluster.WaitForAllAsync([node], timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(1, subnets.Failed);
        Assert.True(Assert.Single(ready).Available >= 20);
        Assert.Equal(1, cluster.TrailFor([node]).Count(t => t.Action == "AssignPrivateIpAddresses"));
    }

    private static Task<AllocatorCluster> StartAsync(OneFailure faults) => StartAsync([faults]);

    private static Task<AllocatorCluster> StartAsync(IIncomingGrainCallFilter[] filters, IDictionary<string, string?>? config = null)
    {
        var setup = new ClusterSetup
        {
            Silos = 1,
            Silo = silo =>
            {
                foreach (var filter in filters)
                {
                    silo.AddIncomingGrainCallFilter(filter);
                }
            },
            Config =
            {
                ["Fleet:Allocator:TickInterval"] = "00:00:00.250",
                ["Fleet:Allocator:BackoffBase"] = "00:00:00.250",
            },
        };
        foreach (var (key, value) in config ?? new Dictionary<string, string?>())
        {
            setup.Config[key] = value;
        }

        return AllocatorCluster.StartAsync(setup);
    }

    private static async Task<DemandOutcome?> TryReportAsync(AllocatorCluster cluster, string node, int used)
    {
        try
        {
            return (await cluster.Node(node).ReportDemand(new DemandReport(used))).Outcome;
        }
        catch (SiloUnavailableException)
        {
            return null; // the injected fault, passed on to the caller: an agent reports again
        }
    }

    /// <summary>Arms a fault as the first call of one grain method arrives, before that call runs.</summary>
    private sealed class ArmOn(string grainInterface, string method, OneFailure fault) : IIncomingGrainCallFilter
    {
        private int _armed;

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod.DeclaringType?.Name == grainInterface && context.InterfaceMethod.Name == method
                && Interlocked.CompareExchange(ref _armed, 1, 0) == 0)
            {
                fault.Arm();
            }

            return context.Invoke();
        }
    }

    /// <summary>Fails the first call of one grain method, as a call to a grain whose silo just died fails.</summary>
    private sealed class OneFailure(string grainInterface, string method, Func<IIncomingGrainCallContext, bool>? when = null, bool armed = true)
        : IIncomingGrainCallFilter
    {
        private int _failed;
        private volatile bool _armed = armed;

        public int Failed => Volatile.Read(ref _failed);

        /// <summary>From now on, the next matching call fails.</summary>
        public void Arm() => _armed = true;

        public Task Invoke(IIncomingGrainCallContext context)
        {
            var matches = _armed && context.InterfaceMethod.DeclaringType?.Name == grainInterface && context.InterfaceMethod.Name == method
                && (when is null || when(context));
            return matches && Interlocked.CompareExchange(ref _failed, 1, 0) == 0
                ? throw new SiloUnavailableException($"injected: {grainInterface}.{method} unreachable")
                : context.Invoke();
        }
    }
}
