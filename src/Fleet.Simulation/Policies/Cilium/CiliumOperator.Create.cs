using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Cilium;

/// <summary>
/// <c>createInterface</c> (§2.8, §3.4): subnet, size (the rule #44154 changed), Create (once more without prefixes
/// when the subnet has no /28), Attach at the next free index, Modify to set DeleteOnTermination; a failed Attach or
/// Modify deletes the ENI. The round waits for all of it: Modify is on Cilium's critical path.
/// </summary>
internal sealed partial class CiliumOperator
{
    private void CreateInterface(CiliumNode node, int maxToAllocate)
    {
        if (node.Limits.MaxInterfaces - node.Enis.Count <= 0)
        {
            RoundDone(node, mutated: false, failed: false); // "Instance is out of interfaces"
            return;
        }

        var subnet = ChooseSubnet(node);
        if (subnet is null)
        {
            RoundDone(node, mutated: false, failed: true); // unableToFindSubnet
            return;
        }

        var prefixes = node.PrefixDelegated;
        var toAllocate = CiliumSizing.ToAllocate(_version, maxToAllocate, node.Limits, prefixes);
        Create(node, subnet, prefixes ? CiliumSizing.PrefixCeil(toAllocate) : null, prefixes ? null : toAllocate, created =>
        {
            if (created.Value is { } eni)
            {
                Attach(node, eni.NetworkInterface);
            }
            else if (prefixes && created.Error!.Code == "InsufficientCidrBlocks")
            {
                var ips = Math.Min(maxToAllocate, node.Limits.Ipv4PerInterface - 1);
                Create(node, subnet, null, ips, retried =>
                {
                    if (retried.Value is { } eni2)
                    {
                        Attach(node, eni2.NetworkInterface);
                    }
                    else
                    {
                        RoundDone(node, mutated: false, failed: true);
                    }
                });
            }
            else
            {
                RoundDone(node, mutated: false, failed: true);
            }
        });
    }

    /// <summary><c>findSuitableSubnet</c> without subnet ids or tags: the node's subnet if it has room for a full ENI, else the VPC+AZ subnet with the most free.</summary>
    private string? ChooseSubnet(CiliumNode node)
    {
        if (_subnetFree.GetValueOrDefault(node.Sim.SubnetId) >= node.Limits.Ipv4PerInterface)
        {
            return node.Sim.SubnetId;
        }

        return _subnetFree
            .Where(s => _subnetZone.GetValueOrDefault(s.Key) == node.Sim.AvailabilityZone && s.Value > 0)
            .OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => s.Key).FirstOrDefault();
    }

    private void Create(CiliumNode node, string subnet, int? prefixes, int? ips, Action<Ec2Response<CreateNetworkInterfaceResult>> done) =>
        Limited(() => _sdk.Call(Ec2Action.CreateNetworkInterface, CallPath.Critical, node.InstanceId,
            (r, c) => r.CreateNetworkInterface(new CreateNetworkInterfaceRequest
            {
                SubnetId = subnet,
                Ipv4PrefixCount = prefixes,
                SecondaryPrivateIpAddressCount = ips,
                Description = $"Cilium-CNI ({node.InstanceId})",
                TagSpecifications = [new Ec2TagSpecification("network-interface", [new Ec2Tag("io.cilium/cilium-managed", "true")])],
            }, c), done));

    private void Attach(CiliumNode node, Ec2NetworkInterface eni)
    {
        var index = node.NextIndex();
        Limited(() => _sdk.Call(Ec2Action.AttachNetworkInterface, CallPath.Critical, node.InstanceId,
            (r, c) => r.AttachNetworkInterface(new AttachNetworkInterfaceRequest(eni.NetworkInterfaceId, node.InstanceId, index, 0), c),
            attached =>
            {
                if (attached.Value is not { } attachment)
                {
                    Delete(node, eni.NetworkInterfaceId);
                    return;
                }

                if (node.Sim.Spec.DeleteOnTermination)
                {
                    Modify(node, eni, attachment.AttachmentId, index);
                }
                else
                {
                    Cache(node, eni, attachment.AttachmentId, index);
                }
            }));
    }

    private void Modify(CiliumNode node, Ec2NetworkInterface eni, string attachmentId, int index) =>
        Limited(() => _sdk.Call(Ec2Action.ModifyNetworkInterfaceAttribute, CallPath.Critical, node.InstanceId,
            (r, c) => r.ModifyNetworkInterfaceAttribute(new ModifyNetworkInterfaceAttributeRequest
            {
                NetworkInterfaceId = eni.NetworkInterfaceId,
                AttachmentId = attachmentId,
                DeleteOnTermination = true,
            }, c),
            modified =>
            {
                if (modified.IsSuccess)
                {
                    Cache(node, eni, attachmentId, index);
                }
                else
                {
                    Delete(node, eni.NetworkInterfaceId);
                }
            }));

    /// <summary>The created ENI goes into the cache with its index; the round is done.</summary>
    private void Cache(CiliumNode node, Ec2NetworkInterface eni, string attachmentId, int index)
    {
        var record = Ec2Mapping.ToEni(eni) with { Attachment = new Core.Model.EniAttachment(attachmentId, index, 0, true) };
        node.Enis = [.. node.Enis.Where(e => e.Id != record.Id), record];
        RoundDone(node, mutated: true, failed: false);
    }

    /// <summary>Rollback after a failed Attach or Modify; the round failed.</summary>
    private void Delete(CiliumNode node, string eniId) =>
        Limited(() => _sdk.Call(Ec2Action.DeleteNetworkInterface, CallPath.Housekeeping, node.InstanceId,
            (r, c) => r.DeleteNetworkInterface(new DeleteNetworkInterfaceRequest(eniId), c),
            _ => RoundDone(node, mutated: false, failed: true)));
}
