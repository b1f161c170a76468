using Fleet.Core.Model;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Engine;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Cilium;

/// <summary>
/// Cilium's ENI IPAM operator (Cilium's operator, pkg/ipam and pkg/aws/eni in github.com/cilium/cilium, and PR cilium/cilium#44154), before or after PR #44154: one client-side
/// token bucket (4/s, burst 20) in front of every EC2 call and every describe page; the SDK's Standard retries;
/// per node one maintenance action per round, then an instance sync (<c>DescribeNetworkInterfaces</c> by
/// <c>attachment.instance-id</c>) before the next round; new nodes discovered one instance sync at a time (the
/// NodeManager mutex); a full resync every 60 s; per-node exponential backoff on errors. Pods see new addresses when
/// the instance sync that follows the action has completed (the CiliumNode is then written).
/// </summary>
internal sealed partial class CiliumOperator : IPolicy
{
    private static readonly TimeSpan TriggerInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromMinutes(1);
    private readonly CiliumVersion _version;
    private readonly Dictionary<string, CiliumNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _subnetFree = new(StringComparer.Ordinal);
    private readonly Queue<CiliumNode> _upserts = new();
    private PolicyContext _context = null!;
    private ReservationBucket _limiter = null!;
    private SdkRetry _sdk = null!;
    private bool _upserting;
    private bool _synced;
    private int _joined;

    public CiliumOperator(CiliumVersion version, bool releaseExcess)
    {
        _version = version;
        ReleaseExcess = releaseExcess;
    }

    public string Name => _version == CiliumVersion.Pre44154 ? "cilium-pre-44154" : "cilium-post-44154";

    /// <summary><c>--aws-release-excess-ips</c> (off by default in Cilium; the scale-in scenario turns it on).</summary>
    public bool ReleaseExcess { get; }

    private EventLoop Loop => _context.Loop;

    private TimeSpan Now => _context.Ec2.Recorder.Now;

    public void Start(PolicyContext context)
    {
        _context = context;
        _limiter = new ReservationBucket(20, 4, context.Loop.Clock);
        _sdk = new SdkRetry(context.Ec2, new Random(unchecked(context.Scenario.Nodes.Length * 7919)));
        Limited(() => _sdk.Call(Ec2Action.DescribeInstanceTypes, CallPath.Read, null,
            (r, c) => r.DescribeInstanceTypes(new DescribeInstanceTypesRequest { InstanceTypes = ["m5.large"] }, c), _ => { }));
        FullResync();
    }

    public void OnJoined(SimNode node)
    {
        var cilium = new CiliumNode(node);
        _nodes[node.InstanceId] = cilium;
        _joined++;

        // Upsert: an instance missing from the cache is synced while the NodeManager mutex is held, one at a time.
        _upserts.Enqueue(cilium);
        PumpUpserts();
    }

    public void OnDemand(SimNode node)
    {
        if (_nodes.TryGetValue(node.InstanceId, out var cilium) && cilium.Known)
        {
            Trigger(cilium);
        }
    }

    public void OnLeft(SimNode node)
    {
        if (_nodes.Remove(node.InstanceId, out var cilium))
        {
            cilium.Left = true;
            _joined--;
        }
    }

    /// <summary>Every EC2 call, and every page, first takes a token from the one shared limiter.</summary>
    private void Limited(Action call) => Loop.After(_limiter.Reserve(), call);

    private void PumpUpserts()
    {
        if (!_synced || _upserting || !_upserts.TryDequeue(out var node))
        {
            return;
        }

        if (node.Known || node.Left)
        {
            // A full resync already cached the instance: no sync under the mutex.
            Trigger(node);
            PumpUpserts();
            return;
        }

        _upserting = true;
        InstanceSync(node, CallPath.Read, () =>
        {
            _upserting = false;
            node.Known = true;
            Trigger(node);
            PumpUpserts();
        });
    }

    /// <summary>The pool-maintainer trigger: runs at most every 10 ms; triggers while it runs fold into one more run.</summary>
    private void Trigger(CiliumNode node)
    {
        if (node.Left)
        {
            return;
        }

        if (node.Maintaining || node.MaintainQueued)
        {
            node.MaintainQueued = true;
            return;
        }

        node.MaintainQueued = true;
        Loop.After(TriggerInterval, () =>
        {
            node.MaintainQueued = false;
            Maintain(node);
        });
    }

    private void RoundDone(CiliumNode node, bool mutated, bool failed)
    {
        if (failed)
        {
            node.Failures = Now - node.LastFailure > TimeSpan.FromMinutes(10) ? 1 : node.Failures + 1;
            node.LastFailure = Now;
        }

        if (mutated)
        {
            node.ResyncNeeded = true;
        }

        if (mutated || failed)
        {
            RequestInstanceSync(node);
        }

        var wait = failed ? Backoff(node) : TimeSpan.Zero;

        // The backoff runs inside the trigger function: the node's maintainer is blocked meanwhile.
        Loop.After(wait, () =>
        {
            node.Maintaining = false;
            if (node.MaintainQueued)
            {
                node.MaintainQueued = false;
                Trigger(node);
            }
        });
    }

    /// <summary>1 s × 2^k, jittered, × ln(1 + nodes), capped at 5 min (§4.4).</summary>
    private TimeSpan Backoff(CiliumNode node)
    {
        var max = TimeSpan.FromMinutes(5).TotalSeconds;
        var t = Math.Min(Math.Pow(2, Math.Min(node.Failures, 20)), max);
        t = (Loop.Random.NextDouble() * (t - 1)) + 1;
        t = Math.Min(t * Math.Log(1 + Math.Max(_joined, 1)), max);
        return TimeSpan.FromSeconds(t);
    }

    private void RequestInstanceSync(CiliumNode node)
    {
        if (node.Syncing)
        {
            node.SyncQueued = true;
            return;
        }

        InstanceSync(node, CallPath.Read, () => { });
    }

    /// <summary><c>DescribeNetworkInterfaces(attachment.instance-id)</c>, then the node is recalculated and its pool written.</summary>
    private void InstanceSync(CiliumNode node, CallPath path, Action then)
    {
        node.Syncing = true;
        Limited(() => _sdk.Call(Ec2Action.DescribeNetworkInterfaces, path, node.InstanceId,
            (r, c) => r.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest { Filters = [Ec2Filter.Of("attachment.instance-id", node.InstanceId)] }, c),
            answer =>
            {
                node.Syncing = false;
                if (answer.Value is { } page)
                {
                    node.Enis = [.. page.NetworkInterfaces.Select(Ec2Mapping.ToEni)];
                    node.ResyncNeeded = false;
                }

                Recalculate(node);
                then();
                if (node.SyncQueued)
                {
                    node.SyncQueued = false;
                    RequestInstanceSync(node);
                }
            }));
    }

    /// <summary>After a sync: the pool is written to the CiliumNode (pods can use it) and the maintainer runs if short.</summary>
    private void Recalculate(CiliumNode node)
    {
        if (node.Left)
        {
            return;
        }

        node.Sim.SetCapacity(node.Available);
        if (node.Known && (node.Needed > 0 || (ReleaseExcess && node.Excess > 0)))
        {
            Trigger(node);
        }
    }
}
