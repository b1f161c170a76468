using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Core.Addressing;
using Fleet.Core.Throttling;
using Fleet.Ec2.Port;
using Fleet.Grains.Describe;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Subnets;

/// <summary>
/// The subnets of one VPC and zone (key <c>{vpc}/{az}</c>). EC2 reports free addresses but not free /28 blocks, so
/// blocks are estimated as free addresses / 16 until EC2 says a subnet has none (then it is avoided for a while,
/// like Karpenter's cache of unavailable offerings). Calls made since the last describe are subtracted, so nodes do
/// not all aim at the same almost-full subnet between describes.
/// </summary>
public sealed partial class SubnetGrain(IEc2Port ec2, IOptions<AllocatorOptions> options, FleetClock clock, ILogger<SubnetGrain> logger)
    : Grain, ISubnetGrain
{
    private readonly Dictionary<string, Entry> _subnets = new(StringComparer.Ordinal);
    private DateTimeOffset? _describedAt;

    private DateTimeOffset Now => clock.Grains.GetUtcNow();

    /// <inheritdoc />
    public async Task<ImmutableArray<SubnetCapacityView>> GetCapacity()
    {
        if (_describedAt is null || Now - _describedAt >= options.Value.SubnetRefreshInterval)
        {
            await RefreshAsync();
        }

        return Views();
    }

    /// <inheritdoc />
    public Task Reserve(string subnetId, int addresses, int blocks)
    {
        if (_subnets.TryGetValue(subnetId, out var entry))
        {
            entry.ReservedAddresses += addresses;
            entry.ReservedBlocks += blocks;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Return(string subnetId, int addresses, int blocks) => Reserve(subnetId, -addresses, -blocks);

    /// <inheritdoc />
    public Task MarkExhausted(string subnetId, bool prefixesOnly)
    {
        if (_subnets.TryGetValue(subnetId, out var entry))
        {
            var until = Now + options.Value.SubnetExhaustedFor;
            entry.PrefixesExhaustedUntil = until;
            if (!prefixesOnly)
            {
                entry.AddressesExhaustedUntil = until;
            }

            LogExhausted(logger, subnetId, prefixesOnly ? "/28 blocks" : "addresses", until);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ImmutableArray<SubnetCapacityView>> GetState() => Task.FromResult(Views());

    private async Task RefreshAsync()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (vpc, zone) = (key[..slash], key[(slash + 1)..]);
        var tokens = new DescribeTokens(GrainFactory, clock.ThrottleKey, clock.Io);
        var filters = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("vpc-id", [vpc]).Add("availability-zone", [zone]);
        var seen = new List<Ec2Subnet>();
        string? next = null;
        do
        {
            var query = new SubnetQuery(filters, 1000, next);
            var page = await tokens.CallAsync(Ec2Action.DescribeSubnets, () => ec2.DescribeSubnetsAsync(query, CancellationToken.None));
            if (!page.IsSuccess)
            {
                LogRefreshFailed(logger, key, page.Error.ToString());
                _describedAt ??= Now; // try again after the refresh interval; plan with what is known meanwhile
                return;
            }

            seen.AddRange(page.Value.Items);
            next = page.Value.NextToken;
        }
        while (next is not null);

        foreach (var subnet in seen)
        {
            var entry = _subnets.TryGetValue(subnet.SubnetId, out var existing) ? existing : new Entry();
            entry.Seen = subnet;
            entry.ReservedAddresses = 0;
            entry.ReservedBlocks = 0;
            _subnets[subnet.SubnetId] = entry;
        }

        _describedAt = Now;
    }

    private ImmutableArray<SubnetCapacityView> Views()
    {
        var now = Now;
        return [.. _subnets.Values.Where(e => e.Seen is not null).OrderBy(e => e.Seen!.SubnetId, StringComparer.Ordinal).Select(e =>
        {
            var s = e.Seen!;
            var addresses = e.AddressesExhaustedUntil > now ? 0 : Math.Max(s.AvailableIpAddressCount - e.ReservedAddresses, 0);
            var blocks = e.PrefixesExhaustedUntil > now ? 0 : Math.Max(Math.Min((s.AvailableIpAddressCount / 16) - e.ReservedBlocks, BlocksIn(s.CidrBlock)), 0);
            blocks = Math.Min(blocks, addresses / 16);
            return new SubnetCapacityView(s.SubnetId, s.VpcId, s.AvailabilityZone, s.CidrBlock, addresses, blocks, s.Tags,
                e.PrefixesExhaustedUntil > now ? e.PrefixesExhaustedUntil : null, e.AddressesExhaustedUntil > now ? e.AddressesExhaustedUntil : null, _describedAt);
        })];
    }

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

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Subnet {SubnetId} has no free {What}; avoided until {Until:O}")]
    private static partial void LogExhausted(ILogger logger, string subnetId, string what, DateTimeOffset until);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "DescribeSubnets for {Zone} failed: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string zone, string error);

    private sealed class Entry
    {
        public Ec2Subnet? Seen { get; set; }

        public int ReservedAddresses { get; set; }

        public int ReservedBlocks { get; set; }

        public DateTimeOffset? PrefixesExhaustedUntil { get; set; }

        public DateTimeOffset? AddressesExhaustedUntil { get; set; }
    }
}
