using System.Collections.Concurrent;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Client;
using Fleet.Ec2.Emulator;

namespace Fleet.Soak;

/// <summary>
/// The churn: one <see cref="SimulatedAgent"/> per node (pods drift and jump, addresses in use listed, releases
/// acknowledged) reporting every 2 s of scenario time through the Orleans client; now and then a node is terminated in
/// EC2 and a new one launched in its place. Counts reports, refusals and node changes (reports whose demand differs
/// from the node's previous one).
/// </summary>
internal sealed class SoakWorkload(Ec2Region region, IGrainFactory grains, SoakOptions options)
{
    private readonly ConcurrentDictionary<string, Driven> _agents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _refusals = new(StringComparer.Ordinal);
    private readonly List<Task> _loops = [];
    private readonly Random _random = new(options.Seed);
    private int _launched;
    private long _reports;
    private long _failed;
    private long _changes;

    public long Reports => Interlocked.Read(ref _reports);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Reports whose demand (used + pending) differed from that node's previous report.</summary>
    public long NodeChanges => Interlocked.Read(ref _changes);

    public int Launched => _launched;

    public IReadOnlyDictionary<string, long> Refusals => _refusals;

    /// <summary>Every running agent's last accepted report (what its pods use), by instance.</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> InUse() =>
        _agents.Where(a => !a.Value.Stopped).ToDictionary(a => a.Key, a => (IReadOnlyCollection<string>)[.. a.Value.LastInUse], StringComparer.Ordinal);

    public void Start(CancellationToken stop)
    {
        foreach (var id in Launch(options.Nodes))
        {
            Add(id, stop);
        }
    }

    /// <summary>Terminates one running node in EC2 and launches its replacement.</summary>
    public void Replace(CancellationToken stop)
    {
        var running = _agents.Where(a => !a.Value.Stopped).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        var victim = running[_random.Next(running.Count)];
        _agents[victim].Stopped = true;
        Retry(() => region.TerminateInstances(new TerminateInstancesRequest([victim]), new CallContext("soak")));
        Add(Launch(1)[0], stop);
    }

    public async Task StopAsync()
    {
        foreach (var agent in _agents.Values)
        {
            agent.Stopped = true;
        }

        await Task.WhenAll(_loops);
    }

    private void Add(string instanceId, CancellationToken stop)
    {
        var driven = new Driven(new SimulatedAgent(instanceId, maxPods: 110, seed: options.Seed * 10_000 + _launched));
        _agents[instanceId] = driven;
        lock (_loops)
        {
            _loops.Add(Task.Run(() => DriveAsync(driven, stop), CancellationToken.None));
        }
    }

    private async Task DriveAsync(Driven driven, CancellationToken stop)
    {
        var node = grains.GetGrain<INodeGrain>(driven.Agent.InstanceId);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2) / options.Compression, TimeProvider.System);
        try
        {
            while (!driven.Stopped && await timer.WaitForNextTickAsync(stop))
            {
                await ReportAsync(driven, node);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReportAsync(Driven driven, INodeGrain node)
    {
        var report = driven.Agent.NextReport();
        try
        {
            var result = await node.ReportDemand(report);
            Interlocked.Increment(ref _reports);
            driven.Agent.Allocation = result.Allocation;
            if (result.Outcome == DemandOutcome.Ec2Unavailable)
            {
                Interlocked.Increment(ref _failed); // transient: the agent reports again at its next tick
                return;
            }

            if (result.Outcome != DemandOutcome.Accepted)
            {
                _refusals.AddOrUpdate(result.Outcome.ToString(), 1, (_, n) => n + 1);
                driven.Agent.Forget();
                return;
            }

            driven.LastInUse = report.InUse ?? [];
            if (report.Used + report.Pending != driven.LastDemand)
            {
                Interlocked.Increment(ref _changes);
                driven.LastDemand = report.Used + report.Pending;
            }
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    private List<string> Launch(int count)
    {
        var launched = new List<string>();
        for (var i = 0; i < count; i++, _launched++)
        {
            var subnet = _launched % 2 == 0 ? SoakRegion.SubnetA : SoakRegion.SubnetB;
            var type = _launched % 3 == 0 ? "m5.xlarge" : "m5.large";
            var result = Retry(() => region.RunInstances(new RunInstancesRequest { InstanceType = type, SubnetId = subnet }, new CallContext("soak")));
            launched.Add(result.Reservation.Instances[0].InstanceId);
        }

        return launched;
    }

    /// <summary>The soak's own EC2 calls draw the injected faults too: they are simply tried again.</summary>
    private static T Retry<T>(Func<Ec2Response<T>> call)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = call();
            if (response.Value is { } value)
            {
                return value;
            }

            if (attempt == 20)
            {
                throw new InvalidOperationException($"The soak's own EC2 call kept failing: {response.Error}");
            }
        }
    }

    private sealed class Driven(SimulatedAgent agent)
    {
        public SimulatedAgent Agent { get; } = agent;

        public volatile bool Stopped;

        public IReadOnlyCollection<string> LastInUse { get; set; } = [];

        public int LastDemand { get; set; } = -1;
    }
}
