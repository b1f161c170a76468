using Fleet.Core.Addressing;
using Fleet.Core.Catalog;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>A VPC.</summary>
internal sealed class VpcState(string id, string cidrBlock, bool isDefault, string associationId)
{
    public string Id { get; } = id;
    public string CidrBlock { get; } = cidrBlock;
    public bool IsDefault { get; } = isDefault;
    public string CidrAssociationId { get; } = associationId;
    public TagSet Tags { get; } = new();
    public List<SubnetState> Subnets { get; } = [];
    public List<SecurityGroupState> SecurityGroups { get; } = [];
    public SecurityGroupState DefaultGroup => SecurityGroups.First(g => g.Name == "default");
}

/// <summary>A subnet and its address pool.</summary>
internal sealed class SubnetState(string id, VpcState vpc, string az, string azId, SubnetAddressPool pool, bool defaultForAz)
{
    public string Id { get; } = id;
    public VpcState Vpc { get; } = vpc;
    public string AvailabilityZone { get; } = az;
    public string AvailabilityZoneId { get; } = azId;
    public SubnetAddressPool Pool { get; } = pool;
    public bool DefaultForAz { get; } = defaultForAz;
    public string CidrBlock { get; } = Ipv4.FormatCidr(pool.Network, pool.Length);
    public TagSet Tags { get; } = new();
}

/// <summary>A security group (no rules).</summary>
internal sealed class SecurityGroupState(string id, string name, string description, VpcState vpc)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string Description { get; } = description;
    public VpcState Vpc { get; } = vpc;
    public TagSet Tags { get; } = new();
    public Ec2GroupRef Ref { get; } = new(id, name);
}

/// <summary>An instance's lifecycle.</summary>
internal enum InstanceLifecycle
{
    Running,
    Terminated,
}

/// <summary>An instance and the ENIs bound to it (attaching, attached or detaching).</summary>
internal sealed class InstanceState(string id, string reservationId, InstanceLimits limits, SubnetState subnet, DateTimeOffset launchTime)
{
    public string Id { get; } = id;
    public string ReservationId { get; } = reservationId;
    public InstanceLimits Limits { get; } = limits;
    public SubnetState Subnet { get; } = subnet;
    public DateTimeOffset LaunchTime { get; } = launchTime;
    public required string ImageId { get; init; }
    public required int AmiLaunchIndex { get; init; }
    public required long Ordinal { get; init; }
    public string? ClientToken { get; init; }
    public InstanceLifecycle Lifecycle { get; set; }
    public uint PrimaryIp { get; set; }
    public List<SecurityGroupState> Groups { get; set; } = [];
    public TagSet Tags { get; } = new();
    public List<NetworkInterfaceState> Interfaces { get; } = [];
}

/// <summary>An attachment; its status follows from the clock (completion instants are stored, never timed).</summary>
internal sealed class AttachmentState(string id, InstanceState instance, int deviceIndex, int cardIndex, DateTimeOffset attachTime, DateTimeOffset attachedAt)
{
    public string Id { get; } = id;
    public InstanceState Instance { get; } = instance;
    public int DeviceIndex { get; } = deviceIndex;
    public int CardIndex { get; } = cardIndex;
    public DateTimeOffset AttachTime { get; } = attachTime;
    public DateTimeOffset AttachedAt { get; } = attachedAt;
    public bool DeleteOnTermination { get; set; }

    /// <summary>When the detachment completes; null while no detach was asked for.</summary>
    public DateTimeOffset? DetachedAt { get; set; }

    public string Status(DateTimeOffset now) =>
        DetachedAt is { } detached ? (now < detached ? "detaching" : "detached") : (now < AttachedAt ? "attaching" : "attached");
}

/// <summary>An ENI.</summary>
internal sealed class NetworkInterfaceState(string id, long sequence, SubnetState subnet, uint primaryIp, string mac, DateTimeOffset visibleAt)
{
    public string Id { get; } = id;

    /// <summary>Creation order: the pagination position.</summary>
    public long Sequence { get; } = sequence;
    public SubnetState Subnet { get; } = subnet;
    public uint PrimaryIp { get; } = primaryIp;
    public string MacAddress { get; } = mac;
    public DateTimeOffset VisibleAt { get; } = visibleAt;
    public string Description { get; set; } = "";
    public string InterfaceType { get; init; } = "interface";
    public bool SourceDestCheck { get; set; } = true;
    public List<uint> SecondaryIps { get; } = [];
    public List<uint> Prefixes { get; } = [];
    public List<SecurityGroupState> Groups { get; set; } = [];
    public TagSet Tags { get; } = new();
    public AttachmentState? Attachment { get; set; }
    public bool Deleted { get; set; }

    /// <summary>IPv4 slots in use: the primary, each secondary address, each prefix.</summary>
    public int UsedSlots => 1 + SecondaryIps.Count + Prefixes.Count;
}
