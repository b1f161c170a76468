using Fleet.Core.Addressing;
using Fleet.Core.Catalog;
using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>
/// The region model: VPCs, subnets with their address pools, security groups, instances, ENIs, attachments, tags
/// and idempotency tokens, with one method per EC2 action taking a request record and returning a typed result or
/// an <see cref="Ec2Error"/>. Single-threaded: <see cref="Ec2Region"/> serialises calls. Time is read from the
/// <see cref="TimeProvider"/> at each call; attach/detach completion and eventual consistency are instants stored
/// on the resources and compared with the clock when read, so virtual time needs no timers.
/// </summary>
internal sealed partial class RegionEngine
{
    private readonly TimeProvider _time;
    private readonly IRegionTiming _timing;
    private readonly IdGenerator _ids;
    private readonly Random _addresses;
    private readonly List<VpcState> _vpcs = [];
    private readonly List<SubnetState> _subnetList = [];
    private readonly Dictionary<string, SubnetState> _subnets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VpcState> _vpcById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SecurityGroupState> _groups = new(StringComparer.Ordinal);
    private readonly List<SecurityGroupState> _groupList = [];
    private readonly Dictionary<string, InstanceState> _instances = new(StringComparer.Ordinal);
    private readonly List<InstanceState> _instanceList = [];
    private readonly Dictionary<string, NetworkInterfaceState> _enis = new(StringComparer.Ordinal);
    private readonly List<NetworkInterfaceState?> _eniBySequence = [];
    private readonly Dictionary<string, NetworkInterfaceState> _attachments = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, NetworkInterfaceState> _ipOwners = [];
    private readonly PriorityQueue<NetworkInterfaceState, DateTimeOffset> _detaching = new();
    private readonly IdempotencyTokens _tokens;

    public RegionEngine(EmulatorOptions options, TimeProvider time, IRegionTiming timing, InstanceTypeCatalog catalog)
    {
        Options = options;
        _time = time;
        _timing = timing;
        Catalog = catalog;
        _ids = new IdGenerator(options.Seed);
        _addresses = new Random(unchecked(options.Seed * 31 + 7));
        _tokens = new IdempotencyTokens(options.ClientTokenLifetime);
        MaxIpv4PerInterface = catalog.All.Max(l => l.Ipv4PerInterface);
        DnsSuffix = options.Region == "us-east-1" ? "ec2.internal" : $"{options.Region}.compute.internal";
        Build(options.EffectiveVpcs());
    }

    public EmulatorOptions Options { get; }

    public InstanceTypeCatalog Catalog { get; }

    /// <summary>The most IPv4 slots any instance type gives an ENI: the limit for ENIs not attached.</summary>
    public int MaxIpv4PerInterface { get; }

    public string DnsSuffix { get; }

    public IdGenerator Ids => _ids;

    public IReadOnlyList<VpcState> Vpcs => _vpcs;

    public IReadOnlyList<SubnetState> Subnets => _subnetList;

    public IReadOnlyList<InstanceState> Instances => _instanceList;

    public IEnumerable<NetworkInterfaceState> NetworkInterfaces
    {
        get
        {
            Settle(Now);
            return _eniBySequence.Where(e => e is not null)!;
        }
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Completes every detachment whose instant has passed (lazily, at the next call).</summary>
    private void Settle(DateTimeOffset now)
    {
        while (_detaching.TryPeek(out var eni, out var due) && due <= now)
        {
            _detaching.Dequeue();
            if (eni.Attachment is { DetachedAt: { } at } attachment && at <= now)
            {
                FinishDetach(eni, attachment);
            }
        }
    }

    private void FinishDetach(NetworkInterfaceState eni, AttachmentState attachment)
    {
        attachment.Instance.Interfaces.Remove(eni);
        _attachments.Remove(attachment.Id);
        eni.Attachment = null;
    }

    private void Build(IReadOnlyList<VpcOptions> vpcs)
    {
        foreach (var id in vpcs.SelectMany(v => new[] { v.Id }.Concat(v.Subnets.Select(s => s.Id)).Concat(v.SecurityGroups.Select(g => g.Id))))
        {
            if (id is not null)
            {
                _ids.Reserve(id);
            }
        }

        foreach (var options in vpcs)
        {
            var vpc = new VpcState(options.Id ?? _ids.Next("vpc-"), options.CidrBlock, options.IsDefault, _ids.Next("vpc-cidr-assoc-"));
            SetTags(vpc.Tags, options.Tags);
            _vpcs.Add(vpc);
            _vpcById[vpc.Id] = vpc;
            foreach (var s in options.Subnets)
            {
                var (network, length) = Ipv4.ParseCidr(s.CidrBlock);
                var subnet = new SubnetState(s.Id ?? _ids.Next("subnet-"), vpc, s.AvailabilityZone, AzId(s.AvailabilityZone),
                    new SubnetAddressPool(network, length, Options.AddressSelection), s.DefaultForAz);
                SetTags(subnet.Tags, s.Tags);
                vpc.Subnets.Add(subnet);
                _subnetList.Add(subnet);
                _subnets[subnet.Id] = subnet;
            }

            var groups = options.SecurityGroups.ToList();
            if (!groups.Any(g => g.Name == "default"))
            {
                groups.Insert(0, new SecurityGroupOptions { Name = "default", Description = "default VPC security group" });
            }

            foreach (var g in groups)
            {
                var group = new SecurityGroupState(g.Id ?? _ids.Next("sg-"), g.Name, g.Description, vpc);
                vpc.SecurityGroups.Add(group);
                _groups[group.Id] = group;
                _groupList.Add(group);
            }
        }

        static void SetTags(TagSet target, IDictionary<string, string> tags)
        {
            foreach (var (k, v) in tags)
            {
                target.Set(k, v);
            }
        }
    }

    /// <summary><c>us-east-1a</c> → <c>use1-az1</c>.</summary>
    private string AzId(string az)
    {
        var parts = Options.Region.Split('-');
        var code = parts[0] + string.Concat(parts.Skip(1).Take(parts.Length - 2).Select(p => p.Length > 0 ? p[..1] : "")) + parts[^1];
        var letter = az.Length > Options.Region.Length ? az[Options.Region.Length] : 'a';
        return $"{code}-az{letter - 'a' + 1}";
    }

    private bool TryGetEni(string id, out NetworkInterfaceState eni, out Ec2Error? error)
    {
        error = null;
        if (_enis.TryGetValue(id, out eni!))
        {
            return true;
        }

        error = id.StartsWith("eni-", StringComparison.Ordinal) ? Ec2Errors.EniNotFound([id]) : Ec2Errors.EniMalformed(id);
        return false;
    }

    private bool TryGetInstance(string id, out InstanceState instance, out Ec2Error? error)
    {
        error = null;
        if (_instances.TryGetValue(id, out instance!))
        {
            return true;
        }

        error = id.StartsWith("i-", StringComparison.Ordinal) ? Ec2Errors.InstanceNotFound([id]) : Ec2Errors.InstanceMalformed(id);
        return false;
    }

    /// <summary>Resolves security groups, which must exist and belong to the VPC; the VPC default when none are given.</summary>
    private Ec2Result<List<SecurityGroupState>> ResolveGroups(IReadOnlyList<string> ids, VpcState vpc)
    {
        if (ids.Count == 0)
        {
            return new List<SecurityGroupState> { vpc.DefaultGroup };
        }

        var groups = new List<SecurityGroupState>(ids.Count);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (!_groups.TryGetValue(id, out var group))
            {
                return Ec2Errors.GroupNotFound(id);
            }

            if (group.Vpc != vpc)
            {
                return Ec2Errors.GroupNotInVpc(id, vpc.Id);
            }

            groups.Add(group);
        }

        return groups;
    }
}
