using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Fleet.Core.Addressing;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;

namespace Fleet.Benchmarks;

/// <summary>
/// Steps of the node loop, as the node grain and the simulator take one for every demand report and every tick: an
/// m5.xlarge node whose pods hold 70 then 71 addresses, reporting over and over (each operation is two reports), when
/// its /28 prefixes supply it (five) and when it holds one to spare (six: a release is proposed and waits for the
/// agent); and a node that waits for a token, ticking.
/// </summary>
[MemoryDiagnoser]
public class NodeLoopBenchmarks
{
    private const string Id = "i-0bench";
    private readonly AllocatorOptions _options = new();
    private NodeMemory _supplied = null!;
    private NodeMemory _long = null!;
    private NodeMemory _waiting = null!;
    private AgentReport _seventy = null!;
    private AgentReport _seventyOne = null!;
    private DateTimeOffset _now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [GlobalSetup]
    public void Setup()
    {
        var addresses = Prefixes(6).SelectMany(p => Enumerable.Range(0, 16).Select(i => Ipv4.Format(Ipv4.ParseCidr(p).Network + (uint)i))).ToImmutableArray();
        _seventy = new AgentReport(70, 0, addresses[..70]);
        _seventyOne = new AgentReport(71, 0, addresses[..71]);
        _supplied = Reporting(5);
        _long = Reporting(6);
        if (_long.Release is null || _supplied.Release is not null)
        {
            throw new InvalidOperationException("only the node with a prefix to spare should propose a release");
        }

        _waiting = Step(_supplied, new DemandReported(new AgentReport(80, 20, addresses[..80])));
        if (_waiting.Loop.Requested is null)
        {
            throw new InvalidOperationException("the short node did not ask for a token");
        }
    }

    [Benchmark(Description = "two reports, node supplied")]
    public NodeMemory ReportsSupplied() => TwoReports(_supplied);

    [Benchmark(Description = "two reports, a release proposed")]
    public NodeMemory ReportsReleasing() => TwoReports(_long);

    [Benchmark(Description = "two ticks, waiting for a token")]
    public NodeMemory Ticks() => Step(Step(_waiting, Ticked.Instance), Ticked.Instance);

    private static ImmutableArray<string> Prefixes(int count) => [.. Enumerable.Range(0, count).Select(i => $"10.0.{i + 1}.16/28")];

    private NodeMemory TwoReports(NodeMemory memory) =>
        Step(Step(memory, new DemandReported(_seventyOne)), new DemandReported(_seventy));

    /// <summary>A node that was discovered with <paramref name="prefixes"/> prefixes on eth0 and has reported for a while.</summary>
    private NodeMemory Reporting(int prefixes)
    {
        var limits = InstanceTypeCatalog.Embedded.Get("m5.xlarge");
        var eth0 = FreshNode.Create(Id, limits).Enis[0] with { Prefixes = Prefixes(prefixes) };
        var memory = new NodeMemory(Id) { Spec = new NodeSpec { PrefixDelegation = PrefixDelegation.On } };
        memory = Step(memory, new DemandReported(new AgentReport(70)));
        memory = Step(memory, new InstanceDescribed(InstanceLookup.Running, new InstanceFacts("us-east-1a", "vpc-0fleet", "subnet-0node", limits)));
        memory = Step(memory, new InterfacesDescribed([new SeenEni(eth0, Id)]));
        for (var i = 0; i < 40; i++)
        {
            memory = Step(memory, new DemandReported(i % 2 == 0 ? _seventy : _seventyOne));
        }

        // Long enough later that the node's peak is recorded: it is no longer young, as most nodes of a fleet.
        _now += TimeSpan.FromHours(1);
        memory = Step(Step(memory, new DemandReported(_seventyOne)), Ticked.Instance);
        return memory.Peak.Young ? throw new InvalidOperationException("the node's peak was not recorded") : memory;
    }

    private NodeMemory Step(NodeMemory memory, NodeEvent e)
    {
        _now += TimeSpan.FromSeconds(1);
        return NodeLoop.Step(memory, e, new NodeContext(_now, _options, SubnetView.Unconstrained)).Memory;
    }
}
