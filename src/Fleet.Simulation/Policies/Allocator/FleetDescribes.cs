using System.Collections.Immutable;
using Fleet.Core.Errors;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// Fleet's reads as the node grain's describe batcher makes them: discovery (DescribeInstances filtered by
/// instance-id; an id missing from the batch is asked again alone, by id, as Karpenter's batcher does, so one miss is
/// not taken for "gone") and reconcile (DescribeNetworkInterfaces filtered by <c>attachment.instance-id</c>, then by
/// <c>tag:fleet.io/node</c>) batched for up to 200 nodes, paginated by 1,000; every page pays a token taken at once
/// from the throttle's describe lane (retried when none is free), and a throttled page teaches the throttle and is
/// retried with backoff (Fleet.Grains' <c>DescribeBatcher</c> and <c>DescribeTokens</c>).
/// </summary>
internal sealed class FleetDescribes
{
    private const int Attempts = 4;
    private static readonly Ec2Failure s_batchFailed = new(Ec2ErrorKind.Transient, "DescribeFailed", "the batched describe failed after retries");
    private readonly Ec2Link _link;
    private readonly ThrottleScheduler _throttle;
    private readonly SimBatcher<Ec2Instance> _instances;
    private readonly SimBatcher<ImmutableArray<Ec2NetworkInterface>> _interfaces;

    public FleetDescribes(Ec2Link link, ThrottleScheduler throttle, AllocatorOptions options)
    {
        _link = link;
        _throttle = throttle;
        _instances = new SimBatcher<Ec2Instance>(link.Loop, options.DescribeBatchIdle, options.DescribeBatchMax, DescribeInstances);
        _interfaces = new SimBatcher<ImmutableArray<Ec2NetworkInterface>>(link.Loop, options.DescribeBatchIdle, options.DescribeBatchMax, DescribeInterfaces);
    }

    /// <summary>The instance; (null, null) when EC2 does not know it, asked again by id.</summary>
    public void Instance(string id, Action<Ec2Instance?, Ec2Failure?> done) => _instances.Get(id, (instance, failed) =>
    {
        if (failed)
        {
            done(null, s_batchFailed);
        }
        else if (instance is not null)
        {
            done(instance, null);
        }
        else
        {
            Call(Ec2Action.DescribeInstances,
                (r, c) => r.DescribeInstances(new DescribeInstancesRequest { InstanceIds = [id] }, c),
                answer => done(answer.Value?.Reservations.SelectMany(r => r.Instances).FirstOrDefault(),
                    answer.Error is { } e && !e.Code.EndsWith(".NotFound", StringComparison.Ordinal) ? PlannedCalls.Failure(e) : null));
        }
    });

    /// <summary>The node's ENIs: attached to it, or created for it (tagged) and not attached.</summary>
    public void Interfaces(string id, Action<ImmutableArray<Ec2NetworkInterface>, Ec2Failure?> done) =>
        _interfaces.Get(id, (enis, failed) => done(failed ? [] : enis.IsDefault ? [] : enis, failed ? s_batchFailed : null));

    /// <summary>One describe page, paid with a describe token; <paramref name="done"/> gets the final answer.</summary>
    public void Call<T>(Ec2Action lane, Func<Ec2Region, CallContext, Ec2Response<T>> call, Action<Ec2Response<T>> done, int attempt = 0)
        where T : class
    {
        if (!_throttle.TryAcquire(lane))
        {
            var wait = _throttle.TimeUntilAvailable(lane);
            wait = wait <= TimeSpan.Zero || wait == Timeout.InfiniteTimeSpan ? TimeSpan.FromMilliseconds(50)
                : wait > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : wait;
            _link.Loop.After(wait, () => Call(lane, call, done, attempt));
            return;
        }

        _link.Send(lane, CallPath.Read, null, call, answer =>
        {
            var retry = answer.Error is { } e && (e.IsThrottling || e.HttpStatus >= 500);
            if (!retry || attempt + 1 >= Attempts)
            {
                done(answer);
                return;
            }

            if (answer.Error!.IsThrottling)
            {
                _throttle.ObserveThrottle(lane);
            }

            _link.Loop.After(TimeSpan.FromMilliseconds(100 * (1 << attempt)), () => Call(lane, call, done, attempt + 1));
        });
    }

    private void DescribeInstances(IReadOnlyList<string> ids, Action<IReadOnlyDictionary<string, Ec2Instance>?> done)
    {
        var found = new Dictionary<string, Ec2Instance>(StringComparer.Ordinal);
        void Page(string? token) => Call(Ec2Action.DescribeInstances,
            (r, c) => r.DescribeInstances(new DescribeInstancesRequest { Filters = [new Ec2Filter("instance-id", [.. ids])], MaxResults = 1000, NextToken = token }, c),
            answer =>
            {
                if (answer.Value is not { } page)
                {
                    done(null);
                    return;
                }

                foreach (var instance in page.Reservations.SelectMany(r => r.Instances))
                {
                    found[instance.InstanceId] = instance;
                }

                if (page.NextToken is { } next)
                {
                    Page(next);
                }
                else
                {
                    done(found);
                }
            });
        Page(null);
    }

    private void DescribeInterfaces(IReadOnlyList<string> ids, Action<IReadOnlyDictionary<string, ImmutableArray<Ec2NetworkInterface>>?> done)
    {
        var byNode = ids.ToDictionary(id => id, _ => new Dictionary<string, Ec2NetworkInterface>(StringComparer.Ordinal), StringComparer.Ordinal);
        string[] filters = ["attachment.instance-id", "tag:" + FleetTags.Node];
        void Page(int filter, string? token) => Call(Ec2Action.DescribeNetworkInterfaces,
            (r, c) => r.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest { Filters = [new Ec2Filter(filters[filter], [.. ids])], MaxResults = 1000, NextToken = token }, c),
            answer =>
            {
                if (answer.Value is not { } page)
                {
                    done(null);
                    return;
                }

                foreach (var eni in page.NetworkInterfaces)
                {
                    var owner = eni.Attachment?.InstanceId ?? eni.Tags.FirstOrDefault(t => t.Key == FleetTags.Node)?.Value;
                    if (owner is not null && byNode.TryGetValue(owner, out var enis))
                    {
                        enis[eni.NetworkInterfaceId] = eni;
                    }
                }

                if (page.NextToken is { } next)
                {
                    Page(filter, next);
                }
                else if (filter + 1 < filters.Length)
                {
                    Page(filter + 1, null);
                }
                else
                {
                    done(byNode.ToDictionary(p => p.Key, p => p.Value.Values.ToImmutableArray(), StringComparer.Ordinal));
                }
            });
        Page(0, null);
    }
}
