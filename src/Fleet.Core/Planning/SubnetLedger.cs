using System.Collections.Immutable;
using Fleet.Core.Addressing;
using Fleet.Core.Catalog;

namespace Fleet.Core.Planning;

/// <summary>A subnet as EC2 last described it (EC2 reports free addresses, never free /28 blocks).</summary>
/// <param name="SubnetId">The subnet id.</param>
/// <param name="VpcId">Its VPC.</param>
/// <param name="AvailabilityZone">Its zone.</param>
/// <param name="CidrBlock">Its IPv4 CIDR.</param>
/// <param name="FreeAddresses">EC2's <c>availableIpAddressCount</c>.</param>
/// <param name="Tags">Its tags.</param>
public sealed record SubnetSighting(string SubnetId, string VpcId, string AvailabilityZone, string CidrBlock, int FreeAddresses,
    ImmutableDictionary<string, string> Tags);

/// <summary>What a subnet can still give, and until when EC2's "exhausted" answers keep it avoided.</summary>
/// <param name="Capacity">Free addresses and estimated free /28 blocks.</param>
/// <param name="Sighting">The last describe.</param>
/// <param name="PrefixesExhaustedUntil">EC2 said no free /28: prefixes avoided until then.</param>
/// <param name="AddressesExhaustedUntil">EC2 said no free address: the subnet avoided until then.</param>
public sealed record SubnetEstimate(SubnetCapacity Capacity, SubnetSighting Sighting, DateTimeOffset? PrefixesExhaustedUntil, DateTimeOffset? AddressesExhaustedUntil)
{
    /// <summary>Calls into the subnet failed transiently: it is tried after healthy siblings until then.</summary>
    public DateTimeOffset? ImpairedUntil { get; init; }
}

/// <summary>
/// The subnets of one zone as Fleet estimates them (DESIGN §3.3): as last described, minus the addresses and /28 blocks
/// taken by calls since (so nodes do not all aim at one almost-full subnet between describes), with free blocks
/// estimated as free addresses / 16 (capped by the CIDR) until EC2 answers that a subnet has none — it is then avoided
/// for <c>exhaustedFor</c>, like Karpenter's cache of unavailable offerings. Pure: the caller passes the time. The
/// subnet grain and the simulator both keep their subnets in one. Not thread-safe.
/// </summary>
/// <param name="exhaustedFor">How long a subnet EC2 called exhausted is avoided.</param>
/// <param name="impairedFor">How long a subnet where calls failed transiently comes after its healthy siblings.</param>
public sealed class SubnetLedger(TimeSpan exhaustedFor, TimeSpan impairedFor)
{
    private readonly Dictionary<string, Entry> _subnets = new(StringComparer.Ordinal);

    /// <summary>Records a describe: the reservations it now includes are forgotten; exhaustion marks are kept.</summary>
    public void Seen(SubnetSighting sighting)
    {
        var entry = _subnets.TryGetValue(sighting.SubnetId, out var known) ? known : new Entry();
        entry.Sighting = sighting;
        entry.ReservedAddresses = 0;
        entry.ReservedBlocks = 0;
        _subnets[sighting.SubnetId] = entry;
    }

    /// <summary>Records addresses and blocks taken (positive) or given back (negative) by a call since the describe.</summary>
    public void Reserve(string subnetId, int addresses, int blocks)
    {
        if (_subnets.TryGetValue(subnetId, out var entry))
        {
            entry.ReservedAddresses += addresses;
            entry.ReservedBlocks += blocks;
        }
    }

    /// <summary>EC2 answered that the subnet has no free /28 (<paramref name="prefixesOnly"/>) or no free address; returns until when it is avoided.</summary>
    public DateTimeOffset? MarkExhausted(string subnetId, bool prefixesOnly, DateTimeOffset now)
    {
        if (!_subnets.TryGetValue(subnetId, out var entry))
        {
            return null;
        }

        var until = now + exhaustedFor;
        entry.PrefixesExhaustedUntil = until;
        if (!prefixesOnly)
        {
            entry.AddressesExhaustedUntil = until;
        }

        return until;
    }

    /// <summary>Transient failures of creates in one subnet, within <c>impairedFor</c>, that make it impaired.</summary>
    public const int StrikesToImpair = 3;

    /// <summary>
    /// A create in the subnet just failed transiently (5xx, timeouts). The <see cref="StrikesToImpair"/>th such failure
    /// within <c>impairedFor</c> makes the subnet impaired: for <c>impairedFor</c> it comes after every healthy sibling
    /// of its zone, so one impaired subnet stays its own problem, while one unlucky 500 moves nobody. Returns until
    /// when it is impaired; null while it is not (or the subnet is unknown).
    /// </summary>
    public DateTimeOffset? MarkImpaired(string subnetId, DateTimeOffset now)
    {
        if (!_subnets.TryGetValue(subnetId, out var entry))
        {
            return null;
        }

        entry.Strikes.Enqueue(now);
        while (entry.Strikes.Count > 0 && entry.Strikes.Peek() <= now - impairedFor)
        {
            entry.Strikes.Dequeue();
        }

        if (entry.Strikes.Count >= StrikesToImpair)
        {
            entry.ImpairedUntil = now + impairedFor;
        }

        return entry.ImpairedUntil > now ? entry.ImpairedUntil : null;
    }

    /// <summary>Every described subnet's estimate at <paramref name="now"/>, by id.</summary>
    public IReadOnlyList<SubnetEstimate> Estimate(DateTimeOffset now)
    {
        var estimates = new List<SubnetEstimate>(_subnets.Count);
        foreach (var e in _subnets.Values.OrderBy(e => e.Sighting!.SubnetId, StringComparer.Ordinal))
        {
            var s = e.Sighting!;
            var prefixesOut = e.PrefixesExhaustedUntil > now ? e.PrefixesExhaustedUntil : null;
            var addressesOut = e.AddressesExhaustedUntil > now ? e.AddressesExhaustedUntil : null;
            var addresses = addressesOut is null ? Math.Max(s.FreeAddresses - e.ReservedAddresses, 0) : 0;
            var blocks = prefixesOut is null ? Math.Max(Math.Min((s.FreeAddresses / InstanceLimits.PrefixSize) - e.ReservedBlocks, BlocksIn(s.CidrBlock)), 0) : 0;
            blocks = Math.Min(blocks, addresses / InstanceLimits.PrefixSize);
            var impaired = e.ImpairedUntil > now ? e.ImpairedUntil : null;
            estimates.Add(new SubnetEstimate(new SubnetCapacity(s.SubnetId, s.VpcId, s.AvailabilityZone, addresses, blocks, s.Tags) { Impaired = impaired is not null },
                s, prefixesOut, addressesOut) { ImpairedUntil = impaired });
        }

        return estimates;
    }

    /// <summary>The planning view at <paramref name="now"/>.</summary>
    public SubnetView View(DateTimeOffset now) => new(Estimate(now).Select(e => e.Capacity));

    /// <summary>When the view next changes by itself (an exhaustion mark expiring), if ever.</summary>
    public DateTimeOffset? NextExpiry(DateTimeOffset now) =>
        _subnets.Values.SelectMany(e => new[] { e.PrefixesExhaustedUntil, e.AddressesExhaustedUntil, e.ImpairedUntil }).Where(u => u > now).Min();

    private static int BlocksIn(string cidr)
    {
        try
        {
            var (_, length) = Ipv4.ParseCidr(cidr);
            return length >= 28 ? 1 : 1 << (28 - length);
        }
        catch (FormatException)
        {
            return int.MaxValue;
        }
    }

    private sealed class Entry
    {
        public SubnetSighting? Sighting { get; set; }

        public int ReservedAddresses { get; set; }

        public int ReservedBlocks { get; set; }

        public DateTimeOffset? PrefixesExhaustedUntil { get; set; }

        public DateTimeOffset? AddressesExhaustedUntil { get; set; }

        public DateTimeOffset? ImpairedUntil { get; set; }

        public Queue<DateTimeOffset> Strikes { get; } = new();
    }
}
