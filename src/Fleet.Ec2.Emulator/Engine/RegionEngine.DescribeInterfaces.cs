using System.Collections.Frozen;
using System.Globalization;
using static Fleet.Ec2.Emulator.Engine.Filtering;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>
/// DescribeNetworkInterfaces: by id through the id index, by <c>attachment.instance-id</c> through the instance's
/// ENIs, otherwise a scan in creation order; paginated by creation sequence. ENIs still inside their consistency
/// lag are invisible (NotFound by id).
/// </summary>
internal sealed partial class RegionEngine
{
    private static readonly FrozenSet<string> s_eniFilters = FrozenSet.ToFrozenSet(
    [
        "network-interface-id", "subnet-id", "vpc-id", "availability-zone", "availability-zone-id", "description", "status",
        "attachment.instance-id", "attachment.attachment-id", "attachment.status", "attachment.device-index",
        "attachment.network-card-index", "attachment.delete-on-termination", "attachment.instance-owner-id",
        "private-ip-address", "addresses.private-ip-address", "addresses.primary", "private-dns-name", "group-id", "group-name",
        "interface-type", "mac-address", "owner-id", "requester-managed", "source-dest-check",
    ], StringComparer.Ordinal);

    public Ec2Result<DescribeNetworkInterfacesResult> DescribeNetworkInterfaces(DescribeNetworkInterfacesRequest r)
    {
        var now = Now;
        Settle(now);
        if (CheckFilters(r.Filters, s_eniFilters) is { } error)
        {
            return error;
        }

        if (r.MaxResults is not null && r.NetworkInterfaceIds.Count > 0)
        {
            return Ec2Errors.Combination("The parameter NetworkInterfaceIds cannot be used with the parameter MaxResults");
        }

        if (Paging.CheckMaxResults(r.MaxResults, 5, 1000) is { } range)
        {
            return range;
        }

        if (!Paging.TryDecode("eni", r.NextToken, out var start))
        {
            return Ec2Errors.BadPaginationToken(r.NextToken!);
        }

        if (r.NetworkInterfaceIds.Count > 0)
        {
            return DescribeById(r, now);
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        var max = r.MaxResults ?? int.MaxValue;
        var page = new List<Ec2NetworkInterface>(Math.Min(max, 64));
        string? next = null;
        Func<NetworkInterfaceState, Ec2Filter, bool> matches = (e, f) => Matches(e, f, now); // one delegate, not one per ENI
        foreach (var eni in Candidates(r.Filters, start))
        {
            if (eni.VisibleAt > now || !MatchesAll(eni, r.Filters, eni.Tags, matches))
            {
                continue;
            }

            if (page.Count == max)
            {
                next = Paging.Encode("eni", eni.Sequence);
                break;
            }

            page.Add(View(eni, now));
        }

        return new DescribeNetworkInterfacesResult(page, next);
    }

    private Ec2Result<DescribeNetworkInterfacesResult> DescribeById(DescribeNetworkInterfacesRequest r, DateTimeOffset now)
    {
        List<string>? missing = null;
        var found = new List<NetworkInterfaceState>(r.NetworkInterfaceIds.Count);
        foreach (var id in r.NetworkInterfaceIds)
        {
            if (_enis.TryGetValue(id, out var eni) && eni.VisibleAt <= now)
            {
                if (!found.Contains(eni))
                {
                    found.Add(eni);
                }
            }
            else if (!id.StartsWith("eni-", StringComparison.Ordinal))
            {
                return Ec2Errors.EniMalformed(id);
            }
            else
            {
                (missing ??= []).Add(id);
            }
        }

        if (missing is not null)
        {
            return Ec2Errors.EniNotFound(missing);
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        var page = new List<Ec2NetworkInterface>(found.Count);
        foreach (var eni in found)
        {
            if (MatchesAll(eni, r.Filters, eni.Tags, (e, f) => Matches(e, f, now)))
            {
                page.Add(View(eni, now));
            }
        }

        return new DescribeNetworkInterfacesResult(page, null);
    }

    /// <summary>ENIs from <paramref name="start"/> (a sequence) on, in creation order, narrowed by an index when a filter allows.</summary>
    private IEnumerable<NetworkInterfaceState> Candidates(IReadOnlyList<Ec2Filter> filters, long start)
    {
        foreach (var filter in filters)
        {
            if (filter.Name == "attachment.instance-id" && filter.Values.All(v => v.AsSpan().IndexOfAny('*', '?') < 0))
            {
                return filter.Values.Distinct(StringComparer.Ordinal)
                    .SelectMany(id => _instances.TryGetValue(id, out var instance) ? instance.Interfaces : [])
                    .Where(e => e.Sequence >= start).OrderBy(e => e.Sequence);
            }

            if (filter.Name == "network-interface-id" && filter.Values.All(v => v.AsSpan().IndexOfAny('*', '?') < 0))
            {
                return filter.Values.Distinct(StringComparer.Ordinal)
                    .Select(id => _enis.GetValueOrDefault(id)).OfType<NetworkInterfaceState>()
                    .Where(e => e.Sequence >= start).OrderBy(e => e.Sequence);
            }
        }

        return Scan(start);
    }

    private IEnumerable<NetworkInterfaceState> Scan(long start)
    {
        for (var i = (int)Math.Min(start, _eniBySequence.Count); i < _eniBySequence.Count; i++)
        {
            if (_eniBySequence[i] is { } eni)
            {
                yield return eni;
            }
        }
    }

    private bool Matches(NetworkInterfaceState eni, Ec2Filter f, DateTimeOffset now)
    {
        var a = eni.Attachment;
        return f.Name switch
        {
            "network-interface-id" => AnyMatches(f.Values, eni.Id),
            "subnet-id" => AnyMatches(f.Values, eni.Subnet.Id),
            "vpc-id" => AnyMatches(f.Values, eni.Subnet.Vpc.Id),
            "availability-zone" => AnyMatches(f.Values, eni.Subnet.AvailabilityZone),
            "availability-zone-id" => AnyMatches(f.Values, eni.Subnet.AvailabilityZoneId),
            "description" => AnyMatches(f.Values, eni.Description),
            "status" => AnyMatches(f.Values, a is null ? "available" : "in-use"),
            "attachment.instance-id" => AnyMatches(f.Values, a?.Instance.Id),
            "attachment.attachment-id" => AnyMatches(f.Values, a?.Id),
            "attachment.status" => AnyMatches(f.Values, a?.Status(now)),
            "attachment.device-index" => AnyMatches(f.Values, a?.DeviceIndex.ToString(CultureInfo.InvariantCulture)),
            "attachment.network-card-index" => AnyMatches(f.Values, a?.CardIndex.ToString(CultureInfo.InvariantCulture)),
            "attachment.delete-on-termination" => a is not null && AnyMatches(f.Values, a.DeleteOnTermination),
            "attachment.instance-owner-id" => a is not null && AnyMatches(f.Values, Options.AccountId),
            "private-ip-address" or "addresses.private-ip-address" =>
                AnyMatches(f.Values, Format(eni.PrimaryIp)) || AnyMatches(f.Values, eni.SecondaryIps.Select(Format)),
            "addresses.primary" => AnyMatches(f.Values, true) || (eni.SecondaryIps.Count > 0 && AnyMatches(f.Values, false)),
            "private-dns-name" => AnyMatches(f.Values, DnsName(eni.PrimaryIp)),
            "group-id" => AnyMatches(f.Values, eni.Groups.Select(g => g.Id)),
            "group-name" => AnyMatches(f.Values, eni.Groups.Select(g => g.Name)),
            "interface-type" => AnyMatches(f.Values, eni.InterfaceType),
            "mac-address" => AnyMatches(f.Values, eni.MacAddress),
            "owner-id" => AnyMatches(f.Values, Options.AccountId),
            "requester-managed" => AnyMatches(f.Values, false),
            "source-dest-check" => AnyMatches(f.Values, eni.SourceDestCheck),
            _ => false,
        };
    }
}
