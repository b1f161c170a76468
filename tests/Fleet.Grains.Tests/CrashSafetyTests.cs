using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Options;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Testing;
using Orleans.Runtime;

namespace Fleet.Grains.Tests;

/// <summary>
/// Nothing lost or leaked when a call's outcome is unknown: a lost response, a silo dying mid-call, an instance
/// gone before its ENI could be attached. Checked against the emulator's state, not Fleet's view.
/// </summary>
public sealed class CrashSafetyTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private AllocatorCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await AllocatorCluster.StartAsync(new ClusterSetup
    {
        Silos = 3,
        Config =
        {
            ["Fleet:Allocator:BackoffBase"] = "00:00:01",
            ["Fleet:Allocator:JanitorInterval"] = "00:00:01",
            ["Fleet:Allocator:TickInterval"] = "00:00:00.250",
        },
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Create_applied_but_response_lost_ends_with_that_eni_and_no_second()
    {
        var node = await StartNodeAsync(new ActionFaultOptions { ResponseLost = new FaultRule { Count = 1 } });

        await _cluster.WaitForAllAsync([node]);

        var fleetEnis = FleetEnis(node);
        var eni = Assert.Single(fleetEnis);
        Assert.Equal((node, 1), (eni.Attachment?.InstanceId, eni.Attachment?.DeviceIndex));
        Assert.Equal(3, eni.Ipv4Prefixes.Count);
        Assert.Contains(_cluster.TrailFor([node]), t => t.Action == "CreateNetworkInterface" && t.ResponseLost);
    }

    [Fact]
    public Task Silo_killed_while_a_create_is_in_flight_leaves_exactly_one_eni_after_reactivation() =>
        SiloGoesWhileACreateIsInFlightAsync(host => _cluster.Cluster.KillSiloAsync(host));

    /// <summary>
    /// A stopping silo does not wait on its nodes' calls (NodeGrain.LeaveAsync): the answer is left with EC2, and the
    /// node's next activation retries the create from its written intent with the same client token.
    /// </summary>
    [Fact]
    public Task Silo_stopped_gracefully_while_a_create_is_in_flight_leaves_exactly_one_eni_after_reactivation() =>
        SiloGoesWhileACreateIsInFlightAsync(host => _cluster.Cluster.StopSiloAsync(host));

    private async Task SiloGoesWhileACreateIsInFlightAsync(Func<Orleans.TestingHost.InProcessSiloHandle, Task> go)
    {
        var node = await StartNodeAsync(new ActionFaultOptions { LatencySpike = new LatencySpikeRule { Count = 1, Extra = TimeSpan.FromSeconds(5) } });
        await Eventually.Until(() => _cluster.TrailFor([node]).Any(t => t.Action == "CreateNetworkInterface"), seen => seen,
            "the CreateNetworkInterface reaches EC2");

        var host = HostOf(node);
        Assert.NotNull(host);
        var t0 = TimeProvider.System.GetTimestamp();
        await go(host);
        output.WriteLine($"silo gone after {TimeProvider.System.GetElapsedTime(t0)}");

        // The agent reports again, as a CNI would after a failed call (a report routed to the dead silo before the
        // cluster declared it dead times out); the node reactivates on a surviving silo, reconciles from EC2, finishes.
        await Eventually.Until(() => ReportRetryingAsync(node), o => o == DemandOutcome.Accepted, "the node answers on another silo");
        output.WriteLine($"answered after {TimeProvider.System.GetElapsedTime(t0)}");
        await _cluster.WaitForAllAsync([node]);
        output.WriteLine($"ready after {TimeProvider.System.GetElapsedTime(t0)}");
        var eni = Assert.Single(FleetEnis(node));
        Assert.Equal(node, eni.Attachment?.InstanceId);
    }

    [Fact]
    public async Task Eni_left_detached_when_its_instance_dies_before_the_attach_is_deleted_by_the_janitor()
    {
        var node = await StartNodeAsync(null, attachFault: new ActionFaultOptions { InternalError = new FaultRule { Count = 1 } });
        await Eventually.Until(() => _cluster.TrailFor([node]).Any(t => t.Action == "AttachNetworkInterface" && t.Outcome == "InternalError"),
            seen => seen, "the first attach fails");
        _cluster.Region.TerminateInstances(new TerminateInstancesRequest([node]));

        var view = await Eventually.Until(() => _cluster.Node(node).GetAllocation(), a => a.Status == NodeStatus.NotFound, "the node learns its instance is gone");
        Assert.Equal(NodeStatus.NotFound, view.Status);
        var orphan = Assert.Single(FleetEnis(node, attachedOnly: false)).NetworkInterfaceId;

        var janitor = _cluster.Client.GetGrain<IJanitorGrain>("test");
        await Eventually.Until(async () => { await janitor.RunPass(); return _cluster.Region.Snapshot().NetworkInterfaces.Any(n => n.NetworkInterfaceId == orphan); },
            exists => !exists, $"the janitor deletes {orphan}", TimeSpan.FromSeconds(30));
    }

    private async Task<string> StartNodeAsync(ActionFaultOptions? createFault, ActionFaultOptions? attachFault = null)
    {
        var faults = new Dictionary<string, ActionFaultOptions>();
        if (createFault is not null)
        {
            faults["CreateNetworkInterface"] = createFault;
        }

        if (attachFault is not null)
        {
            faults["AttachNetworkInterface"] = attachFault;
        }

        _cluster.Region.SetFaults(faults);
        var node = _cluster.Launch(1)[0];
        await _cluster.Node(node).SetSpec(new NodeSpecDto { MinAllocate = 45, FirstInterfaceIndex = 1, PrefixDelegation = "on" });
        Assert.Equal(DemandOutcome.Accepted, (await Report(node)).Outcome);
        return node;
    }

    private async Task<DemandOutcome?> ReportRetryingAsync(string node)
    {
        try
        {
            return (await Report(node)).Outcome;
        }
        catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
        {
            output.WriteLine($"report failed: {e.GetType().Name}");
            return null;
        }
    }

    private Task<DemandResult> Report(string node) => _cluster.Node(node).ReportDemand(new DemandReport(0));

    private List<Ec2NetworkInterface> FleetEnis(string node, bool attachedOnly = true) =>
        [.. _cluster.Region.Snapshot().NetworkInterfaces.Where(n =>
            n.Tags.Any(t => t.Key == "fleet.io/node" && t.Value == node) && (!attachedOnly || n.Attachment is not null))];

    private Orleans.TestingHost.InProcessSiloHandle? HostOf(string node)
    {
        var grainId = _cluster.Node(node).GetGrainId();
        return _cluster.Cluster.TryGetGrainContext(grainId, out var context)
            ? _cluster.Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(context.Address.SiloAddress))
            : null;
    }
}
