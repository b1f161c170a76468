using Fleet.Core.Node;
using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;
using Fleet.Ec2.Port;
using Fleet.Grains.Describe;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Subnets;

/// <summary>
/// The subnets of one VPC and zone (key <c>{vpc}/{az}</c>): a <see cref="SubnetLedger"/> fed by DescribeSubnets (re-read
/// when older than <c>SubnetRefreshInterval</c>, under a describe token) and by the node grains' calls.
/// </summary>
public sealed partial class SubnetGrain(IEc2Port ec2, IOptions<AllocatorOptions> options, FleetClock clock, ILogger<SubnetGrain> logger)
    : Grain, ISubnetGrain
{
    private SubnetLedger? _ledger;
    private DateTimeOffset? _describedAt;

    private SubnetLedger Ledger => _ledger ??= new SubnetLedger(options.Value.SubnetExhaustedFor, options.Value.SubnetImpairedFor);

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
        Ledger.Reserve(subnetId, addresses, blocks);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Return(string subnetId, int addresses, int blocks) => Reserve(subnetId, -addresses, -blocks);

    /// <inheritdoc />
    public Task MarkExhausted(string subnetId, bool prefixesOnly)
    {
        if (Ledger.MarkExhausted(subnetId, prefixesOnly, Now) is { } until)
        {
            LogExhausted(logger, subnetId, prefixesOnly ? "/28 blocks" : "addresses", until);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task MarkImpaired(string subnetId)
    {
        if (Ledger.MarkImpaired(subnetId, Now) is { } until)
        {
            LogImpaired(logger, subnetId, until);
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
            Ledger.Seen(new SubnetSighting(subnet.SubnetId, subnet.VpcId, subnet.AvailabilityZone, subnet.CidrBlock, subnet.AvailableIpAddressCount, subnet.Tags));
        }

        _describedAt = Now;
    }

    private ImmutableArray<SubnetCapacityView> Views() =>
    [
        .. Ledger.Estimate(Now).Select(e => new SubnetCapacityView(e.Sighting.SubnetId, e.Sighting.VpcId, e.Sighting.AvailabilityZone,
            e.Sighting.CidrBlock, e.Capacity.FreeAddresses, e.Capacity.FreeBlocks, e.Sighting.Tags, e.PrefixesExhaustedUntil, e.AddressesExhaustedUntil, _describedAt)
        {
            ImpairedUntil = e.ImpairedUntil,
        }),
    ];

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Subnet {SubnetId} has no free {What}; avoided until {Until:O}")]
    private static partial void LogExhausted(ILogger logger, string subnetId, string what, DateTimeOffset until);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Calls into subnet {SubnetId} fail transiently; healthy siblings come first until {Until:O}")]
    private static partial void LogImpaired(ILogger logger, string subnetId, DateTimeOffset until);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "DescribeSubnets for {Zone} failed: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string zone, string error);
}
