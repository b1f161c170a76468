using System.Globalization;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>AttachNetworkInterface and DetachNetworkInterface: asynchronous, with completion instants.</summary>
internal sealed partial class RegionEngine
{
    public Ec2Result<AttachNetworkInterfaceResult> AttachNetworkInterface(AttachNetworkInterfaceRequest r)
    {
        var now = Now;
        Settle(now);
        if (string.IsNullOrEmpty(r.NetworkInterfaceId))
        {
            return Ec2Errors.Missing("NetworkInterfaceId");
        }

        if (string.IsNullOrEmpty(r.InstanceId))
        {
            return Ec2Errors.Missing("InstanceId");
        }

        if (r.DeviceIndex < 0)
        {
            return Ec2Errors.InvalidValue("DeviceIndex", r.DeviceIndex.ToString(CultureInfo.InvariantCulture));
        }

        if (!TryGetEni(r.NetworkInterfaceId, out var eni, out var error) || !TryGetInstance(r.InstanceId, out var instance, out error))
        {
            return error!;
        }

        if (instance.Lifecycle != InstanceLifecycle.Running)
        {
            return Ec2Errors.IncorrectState(instance.Id);
        }

        var limits = instance.Limits;
        var card = r.NetworkCardIndex ?? limits.DefaultNetworkCardIndex;
        var cardLimit = limits.MaxInterfacesOnCard(card);
        if (cardLimit == 0)
        {
            return Ec2Errors.InvalidValue("NetworkCardIndex", card.ToString(CultureInfo.InvariantCulture));
        }

        if (eni.Attachment is not null)
        {
            return Ec2Errors.EniInUse(eni.Id);
        }

        if (eni.Subnet.AvailabilityZone != instance.Subnet.AvailabilityZone)
        {
            return Ec2Errors.Combination(
                $"You may not attach a network interface to an instance if they are not in the same availability zone ({eni.Subnet.AvailabilityZone}, {instance.Subnet.AvailabilityZone}).");
        }

        var onCard = 0;
        foreach (var bound in instance.Interfaces)
        {
            onCard += bound.Attachment!.CardIndex == card ? 1 : 0;
        }

        if (instance.Interfaces.Count >= limits.MaxInterfaces || onCard >= cardLimit)
        {
            return Ec2Errors.AttachmentLimit(Math.Max(instance.Interfaces.Count, onCard) + 1, limits.InstanceType);
        }

        if (instance.Interfaces.Any(e => e.Attachment!.CardIndex == card && e.Attachment.DeviceIndex == r.DeviceIndex))
        {
            return Ec2Errors.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"Instance '{instance.Id}' already has an interface attached at device index '{r.DeviceIndex}'."));
        }

        if (eni.UsedSlots > limits.Ipv4PerInterface)
        {
            return Ec2Errors.PrivateIpLimit;
        }

        if (eni.Prefixes.Count > 0 && !limits.SupportsPrefixDelegation)
        {
            return new Ec2Error(Ec2ErrorCodes.UnsupportedOperation,
                $"The instance type {limits.InstanceType} does not support network interfaces with IPv4 prefixes.", 400);
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        var attachment = Attach(eni, instance, r.DeviceIndex, card, now, now + _timing.AttachCompletion());
        return new AttachNetworkInterfaceResult(attachment.Id, card);
    }

    private AttachmentState Attach(NetworkInterfaceState eni, InstanceState instance, int deviceIndex, int card, DateTimeOffset now, DateTimeOffset attachedAt)
    {
        var attachment = new AttachmentState(_ids.Next("eni-attach-"), instance, deviceIndex, card, now, attachedAt);
        eni.Attachment = attachment;
        instance.Interfaces.Add(eni);
        _attachments[attachment.Id] = eni;
        return attachment;
    }

    public Ec2Result<Ec2Acknowledgement> DetachNetworkInterface(DetachNetworkInterfaceRequest r)
    {
        var now = Now;
        Settle(now);
        if (string.IsNullOrEmpty(r.AttachmentId))
        {
            return Ec2Errors.Missing("AttachmentId");
        }

        if (!_attachments.TryGetValue(r.AttachmentId, out var eni) || eni.Attachment is not { } attachment)
        {
            return Ec2Errors.AttachmentNotFound(r.AttachmentId);
        }

        if (attachment.DeviceIndex == 0 && attachment.CardIndex == 0)
        {
            return new Ec2Error(Ec2ErrorCodes.OperationNotPermitted,
                "The network interface at device index 0 and networkCard index 0 cannot be detached.", 400);
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        if (attachment.DetachedAt is null)
        {
            var at = now + _timing.DetachCompletion();
            attachment.DetachedAt = at;
            if (at <= now)
            {
                FinishDetach(eni, attachment);
            }
            else
            {
                _detaching.Enqueue(eni, at);
            }
        }

        return Ec2Acknowledgement.Instance;
    }
}
