using Fleet.Core.Node;
using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Throttling;
using Fleet.Ec2.Port;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Describe;

/// <summary>
/// One per silo: merges the node grains' reads into filtered, paginated describes of at most 200 filter values,
/// fanned back per node. A node's reconcile asks for its ENIs (attached to it, or tagged as created for it and not
/// yet attached); its discovery asks for its instance.
/// </summary>
public sealed class DescribeBatcher
{
    private const int MaxFilterValues = 200;
    private readonly IEc2Port _ec2;
    private readonly DescribeTokens _tokens;
    private readonly Batcher<string, Ec2Instance?> _instances;
    private readonly Batcher<string, ImmutableArray<Ec2NetworkInterface>> _enis;
    private readonly Metrics.AllocatorInstruments _instruments;

    /// <summary>Creates the batcher; the clock's I/O time paces batch windows and retries (real time in production).</summary>
    public DescribeBatcher(IEc2Port ec2, IGrainFactory grains, IOptions<AllocatorOptions> options, FleetClock clock, Metrics.AllocatorInstruments instruments)
    {
        _instruments = instruments;
        _ec2 = ec2;
        _tokens = new DescribeTokens(grains, clock.ThrottleKey, clock.Io);
        var o = options.Value;
        _instances = new(DescribeInstancesAsync, o.DescribeBatchIdle, o.DescribeBatchMax, MaxFilterValues, clock.Io);
        _enis = new(DescribeEnisAsync, o.DescribeBatchIdle, o.DescribeBatchMax, MaxFilterValues, clock.Io);
    }

    /// <summary>Batches sent so far (instances, ENIs).</summary>
    public (long Instances, long Enis) Batches => (_instances.Batches, _enis.Batches);

    /// <summary>The instance, or null when EC2 does not know it.</summary>
    public Task<Ec2Instance?> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        _instances.GetAsync(instanceId, cancellationToken);

    /// <summary>The node's ENIs: attached to it, or created for it (tag <c>fleet.io/node</c>) and not attached.</summary>
    public Task<ImmutableArray<Ec2NetworkInterface>> DescribeNodeEnisAsync(string instanceId, CancellationToken cancellationToken) =>
        _enis.GetAsync(instanceId, cancellationToken);

    /// <summary>A batch of several nodes tries once and is split on failure (Batcher); one node's read is retried.</summary>
    private static int AttemptsFor(IReadOnlyList<string> ids) => ids.Count > 1 ? 1 : DescribeTokens.Attempts;

    private async Task<IReadOnlyDictionary<string, Ec2Instance?>> DescribeInstancesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        _instruments.DescribeBatchSize.Record(ids.Count, new KeyValuePair<string, object?>("action", "DescribeInstances"));
        var found = new Dictionary<string, Ec2Instance?>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            found[id] = null;
        }

        string? next = null;
        do
        {
            var query = new InstanceQuery([.. ids], 1000, next);
            var page = await _tokens.CallAsync(Ec2Action.DescribeInstances, () => _ec2.DescribeInstancesAsync(query, cancellationToken), AttemptsFor(ids)).ConfigureAwait(false);
            if (!page.IsSuccess)
            {
                throw new Ec2CallFailedException("DescribeInstances", page.Error);
            }

            foreach (var instance in page.Value.Items)
            {
                found[instance.InstanceId] = instance;
            }

            next = page.Value.NextToken;
        }
        while (next is not null);

        // A filtered describe that misses an id is not the last word (EC2 is eventually consistent; Karpenter's batcher
        // does the same): ask for each missing id alone. Only EC2's InvalidInstanceID.NotFound for it means "unknown".
        foreach (var id in ids.Where(id => found[id] is null))
        {
            var alone = await _tokens.CallAsync(Ec2Action.DescribeInstances, () => _ec2.DescribeInstancesAsync(new InstanceQuery([id], ById: true), cancellationToken))
                .ConfigureAwait(false);
            if (alone.IsSuccess)
            {
                found[id] = alone.Value.Items.FirstOrDefault(i => i.InstanceId == id);
            }
            else if (alone.Error.Kind != Core.Errors.Ec2ErrorKind.NotFound)
            {
                throw new Ec2CallFailedException("DescribeInstances", alone.Error);
            }
        }

        return found;
    }

    private async Task<IReadOnlyDictionary<string, ImmutableArray<Ec2NetworkInterface>>> DescribeEnisAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        _instruments.DescribeBatchSize.Record(ids.Count, new KeyValuePair<string, object?>("action", "DescribeNetworkInterfaces"));
        var byNode = ids.ToDictionary(id => id, _ => new Dictionary<string, Ec2NetworkInterface>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var filter in new[] { "attachment.instance-id", "tag:" + FleetTags.Node })
        {
            string? next = null;
            do
            {
                var query = new EniQuery(ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add(filter, [.. ids]), 1000, next);
                var page = await _tokens.CallAsync(Ec2Action.DescribeNetworkInterfaces, () => _ec2.DescribeNetworkInterfacesAsync(query, cancellationToken), AttemptsFor(ids))
                    .ConfigureAwait(false);
                if (!page.IsSuccess)
                {
                    throw new Ec2CallFailedException("DescribeNetworkInterfaces", page.Error);
                }

                foreach (var eni in page.Value.Items)
                {
                    var owner = eni.Attachment?.InstanceId is { Length: > 0 } attachedTo ? attachedTo
                        : eni.Tags.GetValueOrDefault(FleetTags.Node);
                    if (owner is not null && byNode.TryGetValue(owner, out var enis))
                    {
                        enis[eni.NetworkInterfaceId] = eni;
                    }
                }

                next = page.Value.NextToken;
            }
            while (next is not null);
        }

        return byNode.ToDictionary(p => p.Key, p => p.Value.Values.ToImmutableArray(), StringComparer.Ordinal);
    }
}
