using System.Collections.Concurrent;
using Fleet.Core.Catalog;
using Fleet.Ec2.Port;
using Microsoft.Extensions.Logging;

namespace Fleet.Ec2.Limits;

/// <summary>
/// Instance limits from EC2's own <c>DescribeInstanceTypes</c> (the account's region may know types the catalog
/// does not, or differ), asked once per type per silo however many nodes discover at once; the embedded catalog
/// answers when no token is free or EC2 does not know the type. Thread-safe.
/// </summary>
public sealed partial class InstanceLimitsProvider(IEc2Port ec2, ILogger<InstanceLimitsProvider> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<InstanceLimits?>>> _lookups = new(StringComparer.Ordinal);

    /// <summary>
    /// The limits of an instance type, or null when neither EC2 nor the catalog knows it. <paramref name="acquireToken"/>
    /// is asked for a DescribeInstanceTypes token only by the first caller for a type; without one, the catalog answers.
    /// </summary>
    public async Task<InstanceLimits?> GetAsync(string instanceType, Func<Task<bool>> acquireToken, CancellationToken cancellationToken)
    {
        var lookup = _lookups.GetOrAdd(instanceType, type => new Lazy<Task<InstanceLimits?>>(() => LookUpAsync(type, acquireToken, cancellationToken)));
        InstanceLimits? limits;
        try
        {
            limits = await lookup.Value.ConfigureAwait(false);
        }
        catch
        {
            _lookups.TryRemove(new KeyValuePair<string, Lazy<Task<InstanceLimits?>>>(instanceType, lookup)); // a failure is not kept: the next caller asks again
            throw;
        }

        if (limits is null)
        {
            _lookups.TryRemove(new KeyValuePair<string, Lazy<Task<InstanceLimits?>>>(instanceType, lookup)); // unknown today; ask again next time
        }

        return limits;
    }

    private async Task<InstanceLimits?> LookUpAsync(string instanceType, Func<Task<bool>> acquireToken, CancellationToken cancellationToken)
    {
        if (await TryAcquireAsync(instanceType, acquireToken).ConfigureAwait(false))
        {
            var result = await ec2.DescribeInstanceTypesAsync([instanceType], cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess && result.Value.FirstOrDefault(l => l.InstanceType == instanceType) is { } fromEc2)
            {
                return fromEc2;
            }

            LogFallback(logger, instanceType, result.IsSuccess ? "not returned" : result.Error.ToString());
        }

        return InstanceTypeCatalog.Embedded.TryGet(instanceType, out var fromCatalog) ? fromCatalog : null;
    }

    /// <summary>Whether a token was granted; a throttle that cannot be reached grants none, and the catalog answers.</summary>
    private async Task<bool> TryAcquireAsync(string instanceType, Func<Task<bool>> acquireToken)
    {
        try
        {
            return await acquireToken().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFallback(logger, instanceType, $"no token: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "DescribeInstanceTypes for {InstanceType} failed ({Reason}); using the embedded catalog")]
    private static partial void LogFallback(ILogger logger, string instanceType, string reason);
}
