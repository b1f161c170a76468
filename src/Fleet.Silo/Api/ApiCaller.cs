using Microsoft.AspNetCore.Http;

namespace Fleet.Silo.Api;

/// <summary>
/// Who an HTTP request acts for: the cluster whose token it presented (<c>Fleet:Http:ClusterTokens</c>), or no cluster
/// (<c>Fleet:Http:BearerToken</c>, or no token where none is required). Set by <see cref="BearerTokenMiddleware"/>.
/// </summary>
internal static class ApiCaller
{
    private const string Key = "fleet.caller-cluster";

    /// <summary>The cluster the request acts for, or null when it acts for every cluster.</summary>
    public static string? Cluster(HttpContext context) => context.Items.TryGetValue(Key, out var cluster) ? cluster as string : null;

    /// <summary>Records the cluster the request acts for.</summary>
    public static void Set(HttpContext context, string cluster) => context.Items[Key] = cluster;
}
