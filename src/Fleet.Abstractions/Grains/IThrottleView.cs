using Fleet.Abstractions.Messages;

namespace Fleet.Abstractions.Grains;

/// <summary>
/// The throttle grain for one account and region (key: <c>{account}/{region}</c>) as clients see it: its model of
/// EC2's token buckets, read-only. The token protocol itself (request, grant, complete) is the silo's own.
/// </summary>
[Alias("fleet.IThrottleView")]
public interface IThrottleView : IGrainWithStringKey
{
    /// <summary>The buckets, queues and counters.</summary>
    [AlwaysInterleave, Alias("GetView")]
    Task<ThrottleView> GetView();
}
