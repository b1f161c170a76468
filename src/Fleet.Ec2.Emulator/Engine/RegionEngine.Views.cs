using Fleet.Core.Addressing;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>Snapshots of the region's state as EC2 describes it.</summary>
internal sealed partial class RegionEngine
{
    public string DnsName(uint address) =>
        $"ip-{address >> 24}-{(address >> 16) & 0xFF}-{(address >> 8) & 0xFF}-{address & 0xFF}.{DnsSuffix}";

    public Ec2NetworkInterface View(NetworkInterfaceState eni, DateTimeOffset now)
    {
        var ips = new Ec2PrivateIp[1 + eni.SecondaryIps.Count];
        ips[0] = new Ec2PrivateIp(Ipv4.Format(eni.PrimaryIp), true, DnsName(eni.PrimaryIp));
        for (var i = 0; i < eni.SecondaryIps.Count; i++)
        {
            ips[i + 1] = new Ec2PrivateIp(Ipv4.Format(eni.SecondaryIps[i]), false, DnsName(eni.SecondaryIps[i]));
        }

        var prefixes = new string[eni.Prefixes.Count];
        for (var i = 0; i < prefixes.Length; i++)
        {
            prefixes[i] = Ipv4.FormatCidr(eni.Prefixes[i], 28);
        }

        var attachment = eni.Attachment is { } a
            ? new Ec2Attachment(a.Id, a.Instance.Id, Options.AccountId, a.DeviceIndex, a.CardIndex, a.DeleteOnTermination, a.Status(now), a.AttachTime)
            : null;
        return new Ec2NetworkInterface(
            eni.Id, eni.Subnet.Id, eni.Subnet.Vpc.Id, eni.Subnet.AvailabilityZone, eni.Description, Options.AccountId, eni.MacAddress,
            ips[0].PrivateIpAddress, ips[0].PrivateDnsName, ips, prefixes, [.. eni.Groups.Select(g => g.Ref)], eni.Tags.View(),
            attachment, attachment is null ? "available" : "in-use", eni.InterfaceType, eni.SourceDestCheck, RequesterManaged: false);
    }

    public static Ec2InstanceState StateOf(InstanceState instance) => instance.Lifecycle switch
    {
        InstanceLifecycle.Running => new Ec2InstanceState(16, "running"),
        _ => new Ec2InstanceState(48, "terminated"),
    };

    public Ec2Instance View(InstanceState instance, DateTimeOffset now, Ec2InstanceState? state = null)
    {
        var terminated = instance.Lifecycle == InstanceLifecycle.Terminated;
        var interfaces = instance.Interfaces
            .OrderBy(e => e.Attachment!.CardIndex).ThenBy(e => e.Attachment!.DeviceIndex)
            .Select(e => View(e, now)).ToList();
        var limits = instance.Limits;
        return new Ec2Instance(
            instance.Id, instance.ReservationId, limits.InstanceType, instance.ImageId, state ?? StateOf(instance),
            terminated ? "" : instance.Subnet.Id, terminated ? "" : instance.Subnet.Vpc.Id, instance.Subnet.AvailabilityZone,
            terminated ? "" : Ipv4.Format(instance.PrimaryIp), terminated ? "" : DnsName(instance.PrimaryIp),
            instance.LaunchTime, instance.AmiLaunchIndex, limits.Hypervisor, instance.ClientToken,
            [.. instance.Groups.Select(g => g.Ref)], instance.Tags.View(), interfaces);
    }

    public Ec2Subnet View(SubnetState subnet) => new(
        subnet.Id, subnet.Vpc.Id, subnet.CidrBlock, subnet.AvailabilityZone, subnet.AvailabilityZoneId, subnet.Pool.FreeAddresses,
        subnet.DefaultForAz, Options.AccountId, $"arn:aws:ec2:{Options.Region}:{Options.AccountId}:subnet/{subnet.Id}",
        subnet.Tags.View(), subnet.Pool.FreeBlocks);

    public Ec2Vpc View(VpcState vpc) => new(vpc.Id, vpc.CidrBlock, vpc.IsDefault, Options.AccountId, vpc.CidrAssociationId, vpc.Tags.View());

    public Ec2SecurityGroup View(SecurityGroupState group) =>
        new(group.Id, group.Name, group.Description, group.Vpc.Id, Options.AccountId, group.Tags.View());
}
