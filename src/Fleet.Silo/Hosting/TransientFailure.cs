using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using StackExchange.Redis;

namespace Fleet.Silo.Hosting;

/// <summary>
/// Which failures of a request are the cluster's passing state rather than a bug: a silo starting, stopping or lost, a
/// call that timed out, or the grain store (Redis) briefly unreachable or holding a newer version of the grain's state
/// (the grain moved; its next activation reads it). The request was fine, nothing was stored, and a retry will be served.
/// </summary>
internal static class TransientFailure
{
    /// <summary>Whether <paramref name="error"/>, or any exception it wraps, is transient.</summary>
    public static bool Is(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or OrleansMessageRejectionException or SiloUnavailableException or ConnectionFailedException
                or InconsistentStateException or RedisConnectionException or RedisTimeoutException
                || e.GetType().FullName == "Orleans.Persistence.Redis.RedisStorageException")
            {
                return true;
            }
        }

        return false;
    }
}
