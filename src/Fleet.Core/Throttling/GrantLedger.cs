namespace Fleet.Core.Throttling;

/// <summary>
/// The grants a <see cref="ThrottleScheduler"/> has made and not yet seen completed: who holds which (a requester holds
/// at most one), their ids (increasing, from a first id a resumed scheduler chooses), and their leases.
/// </summary>
internal sealed class GrantLedger(long firstId)
{
    private readonly Dictionary<long, Grant> _outstanding = [];
    private readonly Dictionary<string, long> _holders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Held, int Critical)> _byCluster = new(StringComparer.Ordinal);
    private long _nextId = Math.Max(firstId, 1);

    /// <summary>Grants not yet completed.</summary>
    public int Count => _outstanding.Count;

    /// <summary>Critical grants not yet completed.</summary>
    public int CriticalCount { get; private set; }

    /// <summary>Grants of <paramref name="cluster"/> not yet completed: all of them, and the critical ones.</summary>
    public (int Held, int Critical) Of(string cluster) => _byCluster.GetValueOrDefault(cluster);

    /// <summary>The grant <paramref name="requester"/> holds, if any.</summary>
    public bool TryHeldBy(string requester, out long grantId) => _holders.TryGetValue(requester, out grantId);

    /// <summary>Records a new grant and answers it.</summary>
    public Grant Issue(string requester, Ec2Action action, WorkClass workClass, DateTimeOffset now, TimeSpan waited, string cluster)
    {
        var grant = new Grant(_nextId++, requester, action, workClass, now, waited) { Cluster = cluster };
        _outstanding[grant.Id] = grant;
        _holders[requester] = grant.Id;
        if (workClass == WorkClass.Critical)
        {
            CriticalCount++;
        }

        Track(cluster, workClass, +1);
        return grant;
    }

    /// <summary>Closes a grant; false if it is not outstanding (completed already, or reclaimed).</summary>
    public bool TryClose(long grantId, out Grant grant)
    {
        if (!_outstanding.Remove(grantId, out grant!))
        {
            return false;
        }

        _holders.Remove(grant.Requester);
        if (grant.Class == WorkClass.Critical)
        {
            CriticalCount--;
        }

        Track(grant.Cluster, grant.Class, -1);
        return true;
    }

    private void Track(string cluster, WorkClass workClass, int delta)
    {
        var (held, critical) = _byCluster.GetValueOrDefault(cluster);
        (held, critical) = (held + delta, critical + (workClass == WorkClass.Critical ? delta : 0));
        if (held == 0)
        {
            _byCluster.Remove(cluster);
        }
        else
        {
            _byCluster[cluster] = (held, critical);
        }
    }

    /// <summary>Grants whose lease has run out at <paramref name="now"/>.</summary>
    public IReadOnlyList<long> Expired(DateTimeOffset now, TimeSpan lease)
    {
        List<long>? expired = null; // none, nearly always: asked on every dispatch
        foreach (var grant in _outstanding.Values)
        {
            if (now - grant.GrantedAt >= lease)
            {
                (expired ??= []).Add(grant.Id);
            }
        }

        return expired ?? (IReadOnlyList<long>)[];
    }

    /// <summary>How long until the first lease runs out (zero if one has); null when nothing is outstanding.</summary>
    public TimeSpan? NextExpiryIn(DateTimeOffset now, TimeSpan lease)
    {
        TimeSpan? next = null;
        foreach (var grant in _outstanding.Values)
        {
            var left = grant.GrantedAt + lease - now;
            left = left < TimeSpan.Zero ? TimeSpan.Zero : left;
            next = next is null || left < next ? left : next;
        }

        return next;
    }
}
