namespace Fleet.Ec2.Emulator.Tests;

public sealed class AttachmentTests
{
    private readonly Harness _h = new();

    [Fact]
    public void RunInstances_attaches_eth0_at_device_0_with_DeleteOnTermination()
    {
        var instance = _h.Launch();

        var eth0 = Assert.Single(instance.NetworkInterfaces);
        Assert.Equal(0, eth0.Attachment!.DeviceIndex);
        Assert.True(eth0.Attachment.DeleteOnTermination);
        Assert.Equal("attached", eth0.Attachment.Status);
        Assert.Equal("pending", instance.State.Name);
        Assert.Matches("^i-[0-9a-f]{17}$", instance.InstanceId);
    }

    [Fact]
    public void Attach_is_attaching_until_the_completion_delay_has_passed()
    {
        var instance = _h.Launch();
        var eni = _h.Create();
        var attachmentId = _h.Attach(eni.NetworkInterfaceId, instance.InstanceId);

        Assert.Matches("^eni-attach-[0-9a-f]{17}$", attachmentId);
        Assert.Equal("attaching", _h.Describe(eni.NetworkInterfaceId).Attachment!.Status);
        Assert.Equal("in-use", _h.Describe(eni.NetworkInterfaceId).Status);
        Assert.False(_h.Describe(eni.NetworkInterfaceId).Attachment!.DeleteOnTermination);

        _h.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("attached", _h.Describe(eni.NetworkInterfaceId).Attachment!.Status);
    }

    [Fact]
    public void Detach_is_detaching_until_done_and_delete_fails_meanwhile()
    {
        var instance = _h.Launch();
        var eni = _h.Create();
        var attachmentId = _h.Attach(eni.NetworkInterfaceId, instance.InstanceId);
        _h.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(_h.Region.DetachNetworkInterface(new DetachNetworkInterfaceRequest(attachmentId)).IsSuccess);
        Assert.Equal("detaching", _h.Describe(eni.NetworkInterfaceId).Attachment!.Status);
        var inUse = _h.Region.DeleteNetworkInterface(new DeleteNetworkInterfaceRequest(eni.NetworkInterfaceId));
        Assert.Equal(new Ec2Error("InvalidParameterValue", $"Network interface '{eni.NetworkInterfaceId}' is currently in use.", 400), inUse.Error);

        _h.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Null(_h.Describe(eni.NetworkInterfaceId).Attachment);
        Assert.Equal("available", _h.Describe(eni.NetworkInterfaceId).Status);
        Assert.True(_h.Region.DeleteNetworkInterface(new DeleteNetworkInterfaceRequest(eni.NetworkInterfaceId)).IsSuccess);
        Assert.Equal("InvalidNetworkInterfaceID.NotFound",
            _h.Region.DescribeNetworkInterfaces(new() { NetworkInterfaceIds = [eni.NetworkInterfaceId] }).Error!.Code);
    }

    [Fact]
    public void Fourth_interface_on_an_m5_large_answers_AttachmentLimitExceeded()
    {
        var instance = _h.Launch();
        _h.Attach(_h.Create().NetworkInterfaceId, instance.InstanceId, 1);
        _h.Attach(_h.Create().NetworkInterfaceId, instance.InstanceId, 2);

        var r = _h.Region.AttachNetworkInterface(new AttachNetworkInterfaceRequest(_h.Create().NetworkInterfaceId, instance.InstanceId, 3));

        Assert.Equal(new Ec2Error("AttachmentLimitExceeded", "Interface count 4 exceeds the limit for m5.large", 400), r.Error);
    }

    [Fact]
    public void Device_index_in_use_and_unknown_card_are_refused()
    {
        var instance = _h.Launch();
        _h.Attach(_h.Create().NetworkInterfaceId, instance.InstanceId, 1);
        var eni = _h.Create().NetworkInterfaceId;

        Assert.Equal("InvalidParameterValue", _h.Region.AttachNetworkInterface(new(eni, instance.InstanceId, 1)).Error!.Code);
        Assert.Equal("InvalidParameterValue", _h.Region.AttachNetworkInterface(new(eni, instance.InstanceId, 2, NetworkCardIndex: 1)).Error!.Code);
    }

    [Fact]
    public void Multi_card_types_count_interfaces_per_card()
    {
        var instance = _h.Launch("c6in.32xlarge"); // two cards of 8
        for (var device = 1; device < 8; device++)
        {
            _h.Attach(_h.Create().NetworkInterfaceId, instance.InstanceId, device);
        }

        var full = _h.Region.AttachNetworkInterface(new(_h.Create().NetworkInterfaceId, instance.InstanceId, 8, NetworkCardIndex: 0));
        var second = _h.Region.AttachNetworkInterface(new(_h.Create().NetworkInterfaceId, instance.InstanceId, 0, NetworkCardIndex: 1));

        Assert.Equal("AttachmentLimitExceeded", full.Error!.Code);
        Assert.Equal(1, second.Value!.NetworkCardIndex);
    }

    [Fact]
    public void Primary_interface_cannot_be_detached()
    {
        var instance = _h.Launch();

        var r = _h.Region.DetachNetworkInterface(new(instance.NetworkInterfaces[0].Attachment!.AttachmentId));

        Assert.Equal("OperationNotPermitted", r.Error!.Code);
    }

    [Fact]
    public void Interface_in_another_AZ_or_already_attached_is_refused()
    {
        var instance = _h.Launch();
        var otherAz = _h.Create(_h.Subnet("10.0.1.0/24"));
        var eni = _h.Create();
        _h.Attach(eni.NetworkInterfaceId, instance.InstanceId);

        Assert.Equal("InvalidParameterCombination", _h.Region.AttachNetworkInterface(new(otherAz.NetworkInterfaceId, instance.InstanceId, 2)).Error!.Code);
        Assert.Equal("InvalidParameterValue", _h.Region.AttachNetworkInterface(new(eni.NetworkInterfaceId, instance.InstanceId, 2)).Error!.Code);
    }

    [Fact]
    public void Terminate_deletes_DeleteOnTermination_interfaces_and_detaches_the_rest()
    {
        var instance = _h.Launch();
        var kept = _h.Create();
        var deleted = _h.Create();
        _h.Attach(kept.NetworkInterfaceId, instance.InstanceId, 1);
        var attachment = _h.Attach(deleted.NetworkInterfaceId, instance.InstanceId, 2);
        _h.Region.ModifyNetworkInterfaceAttribute(new() { NetworkInterfaceId = deleted.NetworkInterfaceId, AttachmentId = attachment, DeleteOnTermination = true });

        var r = _h.Region.TerminateInstances(new([instance.InstanceId]));

        Assert.Equal("shutting-down", r.Value!.Instances[0].CurrentState.Name);
        var left = _h.Region.Snapshot().NetworkInterfaces;
        Assert.Equal([kept.NetworkInterfaceId], left.Select(e => e.NetworkInterfaceId));
        Assert.Equal("available", left[0].Status);
        Assert.Equal("terminated", _h.Region.DescribeInstances(new() { InstanceIds = [instance.InstanceId] }).Value!.Reservations[0].Instances[0].State.Name);
        Assert.Equal("IncorrectInstanceState", _h.Region.AttachNetworkInterface(new(kept.NetworkInterfaceId, instance.InstanceId, 1)).Error!.Code);
    }

    [Fact]
    public void Modify_sets_one_attribute_per_call()
    {
        var instance = _h.Launch();
        var eni = _h.Create();
        var attachment = _h.Attach(eni.NetworkInterfaceId, instance.InstanceId);

        var both = _h.Region.ModifyNetworkInterfaceAttribute(new() { NetworkInterfaceId = eni.NetworkInterfaceId, Description = "x", AttachmentId = attachment, DeleteOnTermination = true });
        var wrongAttachment = _h.Region.ModifyNetworkInterfaceAttribute(new() { NetworkInterfaceId = eni.NetworkInterfaceId, AttachmentId = "eni-attach-00000000000000000", DeleteOnTermination = true });
        var description = _h.Region.ModifyNetworkInterfaceAttribute(new() { NetworkInterfaceId = eni.NetworkInterfaceId, Description = "fleet" });
        var dot = _h.Region.ModifyNetworkInterfaceAttribute(new() { NetworkInterfaceId = eni.NetworkInterfaceId, AttachmentId = attachment, DeleteOnTermination = true });

        Assert.Equal("InvalidParameterCombination", both.Error!.Code);
        Assert.Equal("InvalidAttachmentID.NotFound", wrongAttachment.Error!.Code);
        Assert.True(description.IsSuccess && dot.IsSuccess);
        Assert.Equal("fleet", _h.Describe(eni.NetworkInterfaceId).Description);
        Assert.True(_h.Describe(eni.NetworkInterfaceId).Attachment!.DeleteOnTermination);
    }
}
