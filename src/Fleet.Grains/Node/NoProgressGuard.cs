using Fleet.Abstractions.State;
using Fleet.Core.Planning;
using Fleet.Core.Targets;

namespace Fleet.Grains.Node;

/// <summary>
/// Stops a node from calling EC2 in a loop that adds nothing. A capacity call (Assign, Create) that EC2 accepted but
/// that left the node with no more usable addresses, and an answer the next describe contradicts (addresses it
/// claimed are not on the ENI), are each one call without progress. The first is checked against a describe before
/// it counts for good: when the describe shows the node did gain addresses (the answer was only incomplete), the
/// streak ends. After <see cref="Limit"/> in a row the node is blocked: it backs off exponentially (one call per
/// back-off, <c>BackoffBase</c> doubling up to <c>BackoffMax</c>) and says why. Any call that adds capacity, or a spec
/// change, ends the streak. In memory only: a new activation starts afresh (and re-reads EC2 first). Not thread-safe
/// (one grain's turn).
/// </summary>
/// <param name="limit">Calls without progress in a row before the node is blocked (<c>Fleet:Allocator:NoProgressLimit</c>).</param>
internal sealed class NoProgressGuard(int limit)
{
    private readonly Dictionary<string, HashSet<string>> _claimed = new(StringComparer.Ordinal);
    private int? _usableBeforeSuspectCall;

    /// <summary>Calls without progress in a row before the node is blocked.</summary>
    public int Limit => limit;

    /// <summary>Calls without progress in a row so far.</summary>
    public int Streak { get; private set; }

    /// <summary>Whether the node stops calling (but for one call per back-off) until a call makes progress.</summary>
    public bool Blocked => Streak >= limit;

    /// <summary>Why the last call counted, in words an operator can act on; null while calls make progress.</summary>
    public string? Reason { get; private set; }

    /// <summary>
    /// EC2 accepted a capacity call: <paramref name="before"/> is a <see cref="Snapshot"/> of the node's ENIs taken before
    /// the call, <paramref name="enis"/> its ENIs with the answer applied. Returns true when the call added no usable
    /// address: the caller re-reads the node from EC2 before it acts.
    /// </summary>
    public bool OnAccepted(PlannedAction action, IReadOnlyList<EniRecord> before, IReadOnlyList<EniRecord> enis)
    {
        var usableBefore = Usable(before);
        var usableAfter = Usable(enis);
        if (usableAfter > usableBefore)
        {
            Streak = 0;
            Reason = null;
            _usableBeforeSuspectCall = null;
            Remember(enis, before);
            return false;
        }

        Streak++;
        _usableBeforeSuspectCall ??= usableBefore;
        Reason = action switch
        {
            AssignAddresses { Kind: AddressKind.Prefix } a =>
                $"EC2 accepted AssignPrivateIpAddresses ({a.Count} {(a.Count == 1 ? "prefix" : "prefixes")} on {a.EniId}) but no prefix appeared; " +
                "does this endpoint support prefix delegation? (set prefixDelegation: off to use secondary IPs)",
            AssignAddresses a => $"EC2 accepted AssignPrivateIpAddresses ({a.Count} IPs on {a.EniId}) but no new address appeared",
            CreateInterface { Kind: AddressKind.Prefix } c =>
                $"EC2 accepted CreateNetworkInterface with {c.Count} prefixes but the ENI came without them; does this endpoint support prefix delegation?",
            CreateInterface c => $"EC2 accepted CreateNetworkInterface with {c.Count} IPs but the ENI came without them",
            _ => $"EC2 accepted {action.Describe()} but the node gained no address",
        };
        return true;
    }

    /// <summary>
    /// The node's ENIs as a describe shows them (<paramref name="seen"/>), about to replace what Fleet held
    /// (<paramref name="held"/>). Ends the streak when the node gained addresses since a suspect call; counts one call
    /// without progress when addresses an answer claimed since the last describe, and Fleet still holds, are missing from
    /// an ENI the describe shows (what Fleet released since is not held, so not missed). Returns true when it counted one.
    /// </summary>
    public bool OnDescribed(IReadOnlyList<EniRecord> held, IReadOnlyList<EniRecord> seen)
    {
        if (_usableBeforeSuspectCall is { } baseline && Usable(seen) > baseline)
        {
            Streak = 0;
            Reason = null;
        }

        _usableBeforeSuspectCall = null;
        var missing = new List<string>();
        foreach (var eni in seen)
        {
            if (_claimed.TryGetValue(eni.Id, out var claimed) && held.FirstOrDefault(h => h.Id == eni.Id) is { } mine)
            {
                missing.AddRange(claimed.Where(a => (mine.Prefixes.Contains(a) || mine.SecondaryIps.Contains(a))
                    && !eni.Prefixes.Contains(a) && !eni.SecondaryIps.Contains(a)));
            }
        }

        _claimed.Clear();
        if (missing.Count == 0)
        {
            return false;
        }

        Streak++;
        Reason = $"EC2's answer claimed {string.Join(", ", missing.Take(3))}{(missing.Count > 3 ? ", …" : "")} but a describe does not show them";
        return true;
    }

    /// <summary>The spec changed: the next call may be of another kind; start afresh.</summary>
    public void Reset()
    {
        Streak = 0;
        Reason = null;
        _usableBeforeSuspectCall = null;
        _claimed.Clear();
    }

    /// <summary>The back-off once blocked: <paramref name="first"/> doubling per further call without progress, up to <paramref name="max"/>.</summary>
    public TimeSpan Backoff(TimeSpan first, TimeSpan max) =>
        TimeSpan.FromTicks(Math.Min(first.Ticks << Math.Min(Math.Max(Streak - limit, 0), 20), max.Ticks));

    /// <summary>A copy of the ENIs' addresses, unaffected by later changes to them.</summary>
    public static List<EniRecord> Snapshot(IEnumerable<EniRecord> enis) =>
        [.. enis.Select(e => new EniRecord { Id = e.Id, PrimaryIp = e.PrimaryIp, Prefixes = [.. e.Prefixes], SecondaryIps = [.. e.SecondaryIps] })];

    /// <summary>Usable addresses on the node's ENIs: whole prefixes and secondary IPs, never an ENI's primary.</summary>
    public static int Usable(IEnumerable<EniRecord> enis) =>
        enis.Sum(e => (e.Prefixes.Count * Core.Catalog.InstanceLimits.PrefixSize) + e.SecondaryIps.Count(ip => ip != e.PrimaryIp));

    private void Remember(IReadOnlyList<EniRecord> after, IReadOnlyList<EniRecord> before)
    {
        foreach (var eni in after)
        {
            var old = before.FirstOrDefault(e => e.Id == eni.Id);
            var added = eni.Prefixes.Concat(eni.SecondaryIps).Where(a => old is null || (!old.Prefixes.Contains(a) && !old.SecondaryIps.Contains(a)));
            foreach (var address in added)
            {
                (_claimed.TryGetValue(eni.Id, out var set) ? set : _claimed[eni.Id] = new HashSet<string>(StringComparer.Ordinal)).Add(address);
            }
        }
    }
}
