namespace Fleet.Ec2.Emulator.Http;

/// <summary>The shared shapes of EC2 responses: network interfaces, attachments, instances, groups.</summary>
internal static class XmlShapes
{
    public static void Groups(XmlBuilder x, IReadOnlyList<Ec2GroupRef> groups) =>
        x.Set("groupSet", groups, static (x, g) => x.Element("groupId", g.GroupId).Element("groupName", g.GroupName));

    public static void Attachment(XmlBuilder x, Ec2Attachment? a)
    {
        if (a is null)
        {
            return;
        }

        x.Open("attachment")
            .Element("attachTime", a.AttachTime)
            .Element("attachmentId", a.AttachmentId)
            .Element("deleteOnTermination", a.DeleteOnTermination)
            .Element("deviceIndex", a.DeviceIndex)
            .Element("networkCardIndex", a.NetworkCardIndex)
            .Element("instanceId", a.InstanceId)
            .Element("instanceOwnerId", a.InstanceOwnerId)
            .Element("status", a.Status)
            .Close("attachment");
    }

    /// <summary>The members of a NetworkInterface (inside <c>networkInterface</c> or a set's <c>item</c>).</summary>
    public static void NetworkInterface(XmlBuilder x, Ec2NetworkInterface e)
    {
        x.Element("networkInterfaceId", e.NetworkInterfaceId)
            .Element("subnetId", e.SubnetId)
            .Element("vpcId", e.VpcId)
            .Element("availabilityZone", e.AvailabilityZone)
            .Element("description", e.Description)
            .Element("ownerId", e.OwnerId)
            .Element("requesterManaged", e.RequesterManaged)
            .Element("status", e.Status)
            .Element("macAddress", e.MacAddress)
            .Element("privateIpAddress", e.PrivateIpAddress)
            .Element("privateDnsName", e.PrivateDnsName)
            .Element("sourceDestCheck", e.SourceDestCheck)
            .Element("interfaceType", e.InterfaceType);
        Groups(x, e.Groups);
        Attachment(x, e.Attachment);
        x.Tags(e.Tags)
            .Set("privateIpAddressesSet", e.PrivateIpAddresses, static (x, p) =>
                x.Element("privateIpAddress", p.PrivateIpAddress).Element("privateDnsName", p.PrivateDnsName).Element("primary", p.Primary))
            .Set("ipv4PrefixSet", e.Ipv4Prefixes, static (x, p) => x.Element("ipv4Prefix", p))
            .Empty("ipv6AddressesSet")
            .Empty("ipv6PrefixSet");
    }

    public static void State(XmlBuilder x, string name, Ec2InstanceState state) =>
        x.Open(name).Element("code", state.Code).Element("name", state.Name).Close(name);

    public static void Instance(XmlBuilder x, Ec2Instance i)
    {
        x.Element("instanceId", i.InstanceId)
            .Element("imageId", i.ImageId);
        State(x, "instanceState", i.State);
        x.Element("privateDnsName", i.PrivateDnsName)
            .Element("dnsName", "")
            .Element("reason", "")
            .Element("amiLaunchIndex", i.AmiLaunchIndex)
            .Empty("productCodes")
            .Element("instanceType", i.InstanceType)
            .Element("launchTime", i.LaunchTime)
            .Open("placement").Element("availabilityZone", i.AvailabilityZone).Element("groupName", "").Element("tenancy", "default").Close("placement")
            .Open("monitoring").Element("state", "disabled").Close("monitoring")
            .Element("subnetId", i.SubnetId.Length == 0 ? null : i.SubnetId)
            .Element("vpcId", i.VpcId.Length == 0 ? null : i.VpcId)
            .Element("privateIpAddress", i.PrivateIpAddress.Length == 0 ? null : i.PrivateIpAddress)
            .Element("sourceDestCheck", true);
        Groups(x, i.Groups);
        x.Element("architecture", "x86_64")
            .Element("rootDeviceType", "ebs")
            .Element("rootDeviceName", "/dev/xvda")
            .Empty("blockDeviceMapping")
            .Element("virtualizationType", "hvm")
            .Element("clientToken", i.ClientToken ?? "")
            .Tags(i.Tags)
            .Element("hypervisor", i.Hypervisor.Length == 0 ? null : i.Hypervisor == "nitro" ? "xen" : i.Hypervisor)
            .Set("networkInterfaceSet", i.NetworkInterfaces, static (x, e) =>
            {
                x.Element("networkInterfaceId", e.NetworkInterfaceId)
                    .Element("subnetId", e.SubnetId)
                    .Element("vpcId", e.VpcId)
                    .Element("description", e.Description)
                    .Element("ownerId", e.OwnerId)
                    .Element("status", e.Status)
                    .Element("macAddress", e.MacAddress)
                    .Element("privateIpAddress", e.PrivateIpAddress)
                    .Element("privateDnsName", e.PrivateDnsName)
                    .Element("sourceDestCheck", e.SourceDestCheck)
                    .Element("interfaceType", e.InterfaceType);
                Groups(x, e.Groups);
                Attachment(x, e.Attachment);
                x.Set("privateIpAddressesSet", e.PrivateIpAddresses, static (x, p) =>
                        x.Element("privateIpAddress", p.PrivateIpAddress).Element("privateDnsName", p.PrivateDnsName).Element("primary", p.Primary))
                    .Set("ipv4PrefixSet", e.Ipv4Prefixes, static (x, p) => x.Element("ipv4Prefix", p))
                    .Empty("ipv6AddressesSet");
            })
            .Element("ebsOptimized", false)
            .Element("enaSupport", true);
    }

    public static void Reservation(XmlBuilder x, Ec2Reservation r)
    {
        x.Element("reservationId", r.ReservationId).Element("ownerId", r.OwnerId).Empty("groupSet");
        x.Set("instancesSet", r.Instances, Instance);
    }
}
