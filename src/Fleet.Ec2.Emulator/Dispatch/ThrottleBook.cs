using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Dispatch;

/// <summary>
/// Every bucket of the account and region: one per action (and one for each unfiltered describe variant), with
/// EC2's defaults (<see cref="Ec2BucketDefaults"/>), the configured overrides, and refill × time compression.
/// </summary>
internal sealed class ThrottleBook
{
    private readonly ActionBucket?[] _buckets;

    public ThrottleBook(ThrottlingOptions options, double compression, TimeProvider time)
    {
        Enabled = options.Enabled;
        _buckets = new ActionBucket?[Enum.GetValues<Ec2Action>().Length];
        foreach (var (action, defaults) in Ec2BucketDefaults.All)
        {
            var spec = defaults;
            if (options.Buckets.TryGetValue(action.ToString(), out var o))
            {
                spec = new BucketSpec(o.Capacity ?? spec.Capacity, o.RefillPerSecond ?? spec.RefillPerSecond);
            }

            _buckets[(int)action] = new ActionBucket(action.ToString(), spec with { RefillPerSecond = spec.RefillPerSecond * compression },
                time, options.RejectedCallsCostToken);
        }
    }

    public bool Enabled { get; }

    /// <summary>Takes a token from the action's bucket; false when the call is throttled.</summary>
    public bool TryAdmit(Ec2Action action) => !Enabled || _buckets[(int)action] is not { } bucket || bucket.TryTake();

    public IReadOnlyList<BucketStatus> Snapshot() =>
        [.. _buckets.OfType<ActionBucket>().Select(b => new BucketStatus(b.Name, b.Spec.Capacity, b.Spec.RefillPerSecond, b.Tokens))];
}
