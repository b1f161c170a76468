using System.Globalization;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>RunInstances and TerminateInstances.</summary>
internal sealed partial class RegionEngine
{
    public Ec2Result<RunInstancesResult> RunInstances(RunInstancesRequest r)
    {
        var now = Now;
        Settle(now);
        if (r.MinCount < 1 || r.MaxCount < r.MinCount)
        {
            return Ec2Errors.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"MinCount ({r.MinCount}) must be at least 1 and not more than MaxCount ({r.MaxCount})."));
        }

        var fingerprint = string.Join('|', r.ImageId, r.InstanceType, r.MinCount, r.MaxCount, r.SubnetId, r.AvailabilityZone,
            r.PrivateIpAddress, string.Join(',', r.SecurityGroupIds));
        if (r.ClientToken is { } token && _tokens.TryGet(nameof(RunInstances), token, now, out var seen, out var snapshot))
        {
            return seen == fingerprint ? (RunInstancesResult)snapshot : Ec2Errors.IdempotencyMismatch;
        }

        if (!Catalog.TryGet(r.InstanceType, out var limits))
        {
            return Ec2Errors.InvalidValue("InstanceType", r.InstanceType);
        }

        var subnet = ChooseSubnet(r);
        if (!subnet.IsSuccess)
        {
            return subnet.Error;
        }

        var groups = ResolveGroups(r.SecurityGroupIds, subnet.Value.Vpc);
        if (!groups.IsSuccess)
        {
            return groups.Error;
        }

        var instanceTags = TagsFor(r.TagSpecifications, "instance", "network-interface");
        if (!instanceTags.IsSuccess)
        {
            return instanceTags.Error;
        }

        if (r.PrivateIpAddress is not null && r.MaxCount > 1)
        {
            return Ec2Errors.Combination("PrivateIpAddress can only be given when launching one instance.");
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        var count = Math.Min(r.MaxCount, r.PrivateIpAddress is null ? subnet.Value.Pool.FreeAddresses : 1);
        if (count < r.MinCount)
        {
            return Ec2Errors.NoFreeAddresses;
        }

        var reservationId = _ids.Next("r-");
        var views = new List<Ec2Instance>(count);
        for (var i = 0; i < count; i++)
        {
            var grant = AddressClaim.Claim(subnet.Value, new AddressAsk(r.PrivateIpAddress, true, [], 0, [], 0), _ipOwners, _addresses);
            if (!grant.IsSuccess)
            {
                return grant.Error;
            }

            var instance = new InstanceState(_ids.Next("i-"), reservationId, limits, subnet.Value, now)
            {
                ImageId = r.ImageId,
                AmiLaunchIndex = i,
                Ordinal = _instanceList.Count,
                ClientToken = r.ClientToken,
                PrimaryIp = grant.Value.Primary!.Value,
                Groups = groups.Value,
            };
            var eth0 = NewInterface(subnet.Value, grant.Value, groups.Value, now);
            eth0.Description = "Primary network interface";
            Attach(eth0, instance, 0, limits.DefaultNetworkCardIndex, now, now).DeleteOnTermination = true;
            foreach (var spec in r.TagSpecifications)
            {
                var target = spec.ResourceType == "instance" ? instance.Tags : eth0.Tags;
                foreach (var tag in spec.Tags)
                {
                    target.Set(tag.Key, tag.Value);
                }
            }

            _instances[instance.Id] = instance;
            _instanceList.Add(instance);
            views.Add(View(instance, now, new Ec2InstanceState(0, "pending")));
        }

        var result = new RunInstancesResult(new Ec2Reservation(reservationId, Options.AccountId, views));
        if (r.ClientToken is { } newToken)
        {
            _tokens.Remember(nameof(RunInstances), newToken, fingerprint, result, now);
        }

        return result;
    }

    private Ec2Result<SubnetState> ChooseSubnet(RunInstancesRequest r)
    {
        if (r.SubnetId is { } id)
        {
            return _subnets.TryGetValue(id, out var subnet) ? subnet : Ec2Errors.SubnetNotFound(id);
        }

        var candidates = _subnetList.Where(s => r.AvailabilityZone is null || s.AvailabilityZone == r.AvailabilityZone).ToList();
        if (candidates.Count == 0)
        {
            return Ec2Errors.InvalidValue("Placement.AvailabilityZone", r.AvailabilityZone ?? "");
        }

        return candidates.FirstOrDefault(s => s.DefaultForAz && s.Vpc.IsDefault) ?? candidates.FirstOrDefault(s => s.DefaultForAz) ?? candidates[0];
    }

    public Ec2Result<TerminateInstancesResult> TerminateInstances(TerminateInstancesRequest r)
    {
        var now = Now;
        Settle(now);
        if (r.InstanceIds.Count == 0)
        {
            return Ec2Errors.Missing("InstanceId");
        }

        var instances = new List<InstanceState>(r.InstanceIds.Count);
        var missing = new List<string>();
        foreach (var id in r.InstanceIds)
        {
            if (!TryGetInstance(id, out var instance, out var error))
            {
                if (error!.Code == Ec2ErrorCodes.InvalidInstanceIdMalformed)
                {
                    return error;
                }

                missing.Add(id);
                continue;
            }

            instances.Add(instance);
        }

        if (missing.Count > 0)
        {
            return Ec2Errors.InstanceNotFound(missing);
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        var changes = new List<Ec2InstanceStateChange>(instances.Count);
        foreach (var instance in instances.Distinct())
        {
            var before = StateOf(instance);
            if (instance.Lifecycle == InstanceLifecycle.Running)
            {
                Terminate(instance);
                changes.Add(new Ec2InstanceStateChange(instance.Id, before, new Ec2InstanceState(32, "shutting-down")));
            }
            else
            {
                changes.Add(new Ec2InstanceStateChange(instance.Id, before, before));
            }
        }

        return new TerminateInstancesResult(changes);
    }

    /// <summary>Deletes the instance's DeleteOnTermination ENIs and detaches the rest, at once.</summary>
    private void Terminate(InstanceState instance)
    {
        instance.Lifecycle = InstanceLifecycle.Terminated;
        foreach (var eni in instance.Interfaces.ToList())
        {
            var attachment = eni.Attachment!;
            FinishDetach(eni, attachment);
            if (attachment.DeleteOnTermination)
            {
                RemoveInterface(eni);
            }
        }
    }
}
