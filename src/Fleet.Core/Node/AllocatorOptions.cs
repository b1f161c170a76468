namespace Fleet.Core.Node;

/// <summary>
/// Configuration section <c>Fleet:Allocator</c>: every knob of the node loop, the describe batcher, subnets and the
/// janitor. One record with one default per setting: the silo binds it from configuration, the simulator and the live
/// engine use it as is, so what is benchmarked is what ships. Example:
/// <code>"Allocator": { "ReleaseDelay": "00:05:00", "LookaheadFactor": 0.5 }</code>
/// </summary>
public sealed class AllocatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Allocator";

    /// <summary>The defaults.</summary>
    public static AllocatorOptions Default { get; } = new();

    /// <summary>This cluster's name, tagged on every ENI Fleet creates (<c>fleet.io/cluster</c>). Default <c>fleet</c>.</summary>
    public string ClusterName { get; set; } = "fleet";

    /// <summary>Grain storage provider name for node and index state. Default <c>fleet</c>.</summary>
    public string StorageName { get; set; } = "fleet";

    /// <summary>
    /// How long an excess prefix or IP stays proposed, and acknowledged by the agent, before it is released.
    /// Default 180 s, as Cilium's <c>--excess-ip-release-delay</c>.
    /// </summary>
    public TimeSpan ReleaseDelay { get; set; } = TimeSpan.FromSeconds(180);

    /// <summary>Whether excess capacity is given back at all. Default true.</summary>
    public bool ReleaseExcess { get; set; } = true;

    /// <summary>
    /// How far ahead a call looks when demand is growing: a call made anyway also fetches the growth expected before the
    /// node's next call could be served (growth rate × the wait it just had for its token) × this factor. 0 disables it;
    /// 1 (default) looks one token wait ahead. Example: pods arriving at 0.4/s and a 100 s queue → 40 more addresses.
    /// </summary>
    public double LookaheadFactor { get; set; } = 1.0;

    /// <summary>
    /// Whether a node may choose a new ENI (Create + Attach, two other buckets) instead of an Assign when the throttle's
    /// queues say the new ENI would be served sooner by at least 2 s: one call more for less waiting. Default false.
    /// </summary>
    public bool LatencyFirst { get; set; }

    /// <summary>
    /// How far back a node's demand trend looks for recent growth, and the time constant of its growth rate (the
    /// lookahead's inputs). Default 5 min.
    /// </summary>
    public TimeSpan TrendWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Period of a node's housekeeping tick while it waits for a token, backs off, or holds a release. Default 5 s.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A waiting node re-sends its token request this often, so a moved throttle grain loses nobody. Default 15 s.</summary>
    public TimeSpan RequestKeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>First back-off after a transient EC2 error; doubles per consecutive error. Default 1 s.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off. Default 60 s.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an ENI this node created is kept although a describe does not show it yet (EC2 is eventually
    /// consistent). Default 30 s.
    /// </summary>
    public TimeSpan ConsistencyGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Capacity calls in a row that EC2 accepts but that add no usable address (checked against a describe) before a
    /// node stops and reports Blocked with the reason; it then tries one call per back-off (<see cref="BackoffBase"/>
    /// doubling up to <see cref="BackoffMax"/>). Bounds the calls an endpoint that answers "OK" and does nothing can draw
    /// from the account's buckets. Default 3; 1–100. Example: an endpoint without prefix delegation gets 3 Assign calls,
    /// then one after each back-off, at most one a minute.
    /// </summary>
    public int NoProgressLimit { get; set; } = 3;

    /// <summary>Janitor period; an ENI must be seen detached in two passes this far apart to be deleted. Default 5 min.</summary>
    public TimeSpan JanitorInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often an active node republishes its line to the fleet index even when nothing changed, so the index heals
    /// within one period after losing lines (its silo died before a write). Default 30 s.
    /// </summary>
    public TimeSpan IndexRefresh { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often subnet capacity is re-read from EC2 while nodes use it. Default 60 s.</summary>
    public TimeSpan SubnetRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a node plans with its copy of its zone's subnet capacity before asking the subnet grain again (at
    /// once after an error). Default 2 s.
    /// </summary>
    public TimeSpan SubnetCacheFreshness { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a subnet EC2 called exhausted is avoided. Default 5 min.</summary>
    public TimeSpan SubnetExhaustedFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a subnet where a call just failed transiently (5xx, timeout) comes after its healthy siblings: new
    /// ENIs go to a healthy subnet of the zone meanwhile. Default 1 min.
    /// </summary>
    public TimeSpan SubnetImpairedFor { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A describe batch waits this long for more callers after the last one joined. Default 20 ms.</summary>
    public TimeSpan DescribeBatchIdle { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>A describe batch never waits longer than this. Default 200 ms.</summary>
    public TimeSpan DescribeBatchMax { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Section <c>Fleet:Allocator:Prior</c>: how a new node's first calls are sized for the demand it is about to have
    /// (its group's history, its max-pods). Default: the group's p90 peak, falling back to max-pods.
    /// </summary>
    public Priors.PriorOptions Prior { get; set; } = new();

    /// <summary>Errors naming the bad key; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterName) || ClusterName.Length > 200)
        {
            yield return $"{Section}:ClusterName must be 1–200 characters.";
        }

        foreach (var (key, value, min) in new[]
        {
            (nameof(ReleaseDelay), ReleaseDelay, TimeSpan.Zero),
            (nameof(TickInterval), TickInterval, TimeSpan.FromMilliseconds(10)),
            (nameof(RequestKeepAlive), RequestKeepAlive, TimeSpan.FromMilliseconds(10)),
            (nameof(BackoffBase), BackoffBase, TimeSpan.FromMilliseconds(1)),
            (nameof(BackoffMax), BackoffMax, TimeSpan.FromMilliseconds(1)),
            (nameof(ConsistencyGrace), ConsistencyGrace, TimeSpan.Zero),
            (nameof(JanitorInterval), JanitorInterval, TimeSpan.FromMilliseconds(10)),
            (nameof(IndexRefresh), IndexRefresh, TimeSpan.FromMilliseconds(100)),
            (nameof(SubnetRefreshInterval), SubnetRefreshInterval, TimeSpan.FromMilliseconds(10)),
            (nameof(SubnetCacheFreshness), SubnetCacheFreshness, TimeSpan.Zero),
            (nameof(SubnetExhaustedFor), SubnetExhaustedFor, TimeSpan.Zero),
            (nameof(SubnetImpairedFor), SubnetImpairedFor, TimeSpan.Zero),
            (nameof(DescribeBatchIdle), DescribeBatchIdle, TimeSpan.Zero),
            (nameof(DescribeBatchMax), DescribeBatchMax, TimeSpan.Zero),
            (nameof(TrendWindow), TrendWindow, TimeSpan.FromMilliseconds(100)),
        })
        {
            if (value < min)
            {
                yield return $"{Section}:{key} must be at least {min}; it is {value}.";
            }
        }

        if (LookaheadFactor is < 0 or > 10 || double.IsNaN(LookaheadFactor))
        {
            yield return $"{Section}:LookaheadFactor must be between 0 and 10; it is {LookaheadFactor}.";
        }

        if (NoProgressLimit is < 1 or > 100)
        {
            yield return $"{Section}:NoProgressLimit must be between 1 and 100; it is {NoProgressLimit}.";
        }

        if (BackoffMax < BackoffBase)
        {
            yield return $"{Section}:BackoffMax ({BackoffMax}) must not be below {Section}:BackoffBase ({BackoffBase}).";
        }

        if (DescribeBatchMax < DescribeBatchIdle)
        {
            yield return $"{Section}:DescribeBatchMax ({DescribeBatchMax}) must not be below {Section}:DescribeBatchIdle ({DescribeBatchIdle}).";
        }

        if (Prior is null)
        {
            yield return $"{Priors.PriorOptions.Section} must not be null.";
            yield break;
        }

        foreach (var error in Prior.Validate())
        {
            yield return error;
        }
    }

    /// <summary>The back-off after <paramref name="consecutiveErrors"/> errors in a row: base × 2^(n−1), at most the maximum.</summary>
    public TimeSpan Backoff(int consecutiveErrors) =>
        TimeSpan.FromTicks(Math.Min(BackoffBase.Ticks << Math.Clamp(consecutiveErrors - 1, 0, 20), BackoffMax.Ticks));
}
