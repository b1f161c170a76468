using Fleet.Core.Node;
using Fleet.Core.Errors;
using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Core.Model;
using Fleet.Core.Throttling;
using Fleet.Ec2.Errors;
using Fleet.Ec2.Port;
using Fleet.Grains.Describe;
using Fleet.Grains.Hosting;
using Fleet.Grains.Throttle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Janitor;

/// <summary>
/// Deletes ENIs one cluster created that stay detached (key: cluster name), as Cilium's ENI GC does: an ENI tagged
/// <c>fleet.io/cluster</c> with this cluster's name and <c>available</c> is deleted only once seen so in two passes an
/// interval apart, and only if the node it was created for does not still mean to attach it; another cluster's ENIs are
/// never listed, so never touched. Deletes spend spare tokens (housekeeping) from this cluster's share.
/// </summary>
public sealed partial class JanitorGrain(IEc2Port ec2, IOptions<AllocatorOptions> options, FleetClock clock, ILogger<JanitorGrain> logger)
    : Grain, IJanitorGrain, ITokenHolder
{
    private readonly Dictionary<string, DateTimeOffset> _candidates = new(StringComparer.Ordinal);
    private readonly Queue<string> _toDelete = new();
    private readonly List<string> _deleted = [];
    private IGrainTimer? _timer;
    private int _passes;
    private DateTimeOffset? _lastPassAt;
    private string? _lastError;

    private DateTimeOffset Now => clock.Grains.GetUtcNow();

    private string Requester => "janitor:" + this.GetPrimaryKeyString();

    /// <inheritdoc />
    public Task Ensure()
    {
        _timer ??= this.RegisterGrainTimer(static (self, _) => self.RunPass(), this,
            new GrainTimerCreationOptions { DueTime = options.Value.JanitorInterval, Period = options.Value.JanitorInterval, Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<JanitorView> RunPass()
    {
        var detached = await ListDetachedAsync();
        if (detached is null)
        {
            return View();
        }

        var now = Now;
        var still = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var eni in detached)
        {
            var firstSeen = _candidates.GetValueOrDefault(eni.NetworkInterfaceId, now);
            still[eni.NetworkInterfaceId] = firstSeen;
            if (now - firstSeen < options.Value.JanitorInterval || _toDelete.Contains(eni.NetworkInterfaceId))
            {
                continue;
            }

            if (eni.Tags.TryGetValue(FleetTags.Node, out var owner)
                && await GrainFactory.GetGrain<INodeGrain>(owner).ExpectsEni(eni.NetworkInterfaceId))
            {
                continue; // its node is about to attach it
            }

            _toDelete.Enqueue(eni.NetworkInterfaceId);
        }

        _candidates.Clear();
        foreach (var (id, seen) in still)
        {
            _candidates[id] = seen;
        }

        _passes++;
        _lastPassAt = now;
        RequestToken();
        return View();
    }

    /// <inheritdoc />
    public async Task OnGranted(TokenGrant grant)
    {
        var throttle = GrainFactory.GetGrain<IThrottleGrain>(clock.ThrottleKey);
        if (!_toDelete.TryDequeue(out var eniId))
        {
            await throttle.Complete(grant.Id, CallOutcome.Unused, null);
            return;
        }

        var result = await ec2.DeleteNetworkInterfaceAsync(eniId, CancellationToken.None);
        await throttle.Complete(grant.Id, result.Error?.Kind == Ec2ErrorKind.Throttled ? CallOutcome.Throttled : CallOutcome.Sent, null);
        if (result.IsSuccess || result.Error.Kind == Ec2ErrorKind.NotFound)
        {
            _deleted.Add(eniId);
            _candidates.Remove(eniId);
            LogDeleted(logger, eniId);
        }
        else if (result.Error.Kind is Ec2ErrorKind.Throttled or Ec2ErrorKind.Transient)
        {
            _toDelete.Enqueue(eniId);
        }
        else
        {
            _lastError = $"DeleteNetworkInterface {eniId}: {result.Error}";
            LogDeleteFailed(logger, eniId, result.Error.ToString());
        }

        RequestToken();
    }

    /// <inheritdoc />
    public Task<JanitorView> GetState() => Task.FromResult(View());

    private void RequestToken()
    {
        if (_toDelete.Count > 0)
        {
            _ = GrainFactory.GetGrain<IThrottleGrain>(clock.ThrottleKey).Request(new TokenRequest(Requester, this.AsReference<ITokenHolder>(),
                Ec2Action.DeleteNetworkInterface, Urgency.Housekeeping) { Cluster = this.GetPrimaryKeyString() });
        }
    }

    private async Task<List<Ec2NetworkInterface>?> ListDetachedAsync()
    {
        var tokens = new DescribeTokens(GrainFactory, clock.ThrottleKey, clock.Io);
        var filters = ImmutableDictionary<string, ImmutableArray<string>>.Empty
            .Add("tag:" + FleetTags.Cluster, [this.GetPrimaryKeyString()])
            .Add("status", ["available"]);
        var found = new List<Ec2NetworkInterface>();
        string? next = null;
        do
        {
            var query = new EniQuery(filters, 1000, next);
            var page = await tokens.CallAsync(Ec2Action.DescribeNetworkInterfaces, () => ec2.DescribeNetworkInterfacesAsync(query, CancellationToken.None));
            if (!page.IsSuccess)
            {
                _lastError = $"DescribeNetworkInterfaces: {page.Error}";
                return null;
            }

            found.AddRange(page.Value.Items);
            next = page.Value.NextToken;
        }
        while (next is not null);

        return found;
    }

    private JanitorView View() => new(_candidates.ToImmutableDictionary(StringComparer.Ordinal), [.. _deleted], _passes, _lastPassAt, _lastError);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Janitor deleted detached ENI {EniId}")]
    private static partial void LogDeleted(ILogger logger, string eniId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Janitor could not delete {EniId}: {Error}")]
    private static partial void LogDeleteFailed(ILogger logger, string eniId, string error);
}
