using System.Collections.Concurrent;
using Fleet.Core.Catalog;
using Fleet.Ec2.Port;
using Microsoft.Extensions.Logging;

namespace Fleet.Ec2.Limits;

/// <summary>
/// Instance limits from EC2's own <c>DescribeInstanceTypes</c> (the account's region may know types the catalog
/// does not, or differ), cached per type; the embedded catalog answers when EC2 cannot. Thread-safe.
/// </summary>
public sealed partial class InstanceLimitsProvider(IEc2Port ec2, ILogger<InstanceLimitsProvider> logger)
{
    private readonly ConcurrentDictionary<string, InstanceLimits> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The limits of an instance type, or null when neither EC2 nor the catalog knows it. The caller must hold a
    /// DescribeInstanceTypes token when <paramref name="mayCallEc2"/> is true.
    /// </summary>
    public async Task<InstanceLimits?> GetAsync(string instanceType, bool mayCallEc2, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(instanceType, out var cached))
        {
            return cached;
        }

        if (mayCallEc2)
        {
            var result = await ec2.DescribeInstanceTypesAsync([instanceType], cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess && result.Value.FirstOrDefault(l => l.InstanceType == instanceType) is { } fromEc2)
            {
                return _cache.GetOrAdd(instanceType, fromEc2);
            }

            LogFallback(logger, instanceType, result.IsSuccess ? "not returned" : result.Error.ToString());
        }

        return InstanceTypeCatalog.Embedded.TryGet(instanceType, out var fromCatalog) ? _cache.GetOrAdd(instanceType, fromCatalog) : null;
    }

    /// <summary>Whether the type's limits are cached (no EC2 call needed).</summary>
    public bool IsCached(string instanceType) => _cache.ContainsKey(instanceType);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "DescribeInstanceTypes for {InstanceType} failed ({Reason}); using the embedded catalog")]
    private static partial void LogFallback(ILogger logger, string instanceType, string reason);
}
