namespace Fleet.Ec2.Emulator.Engine;

/// <summary>CreateTags, DeleteTags and tag specifications at creation.</summary>
internal sealed partial class RegionEngine
{
    public Ec2Result<Ec2Acknowledgement> CreateTags(CreateTagsRequest r)
    {
        Settle(Now);
        if (r.ResourceIds.Count == 0)
        {
            return Ec2Errors.Missing("ResourceId");
        }

        if (r.Tags.Count == 0)
        {
            return Ec2Errors.Missing("Tag");
        }

        if (ValidateTags(r.Tags) is { } invalid)
        {
            return invalid;
        }

        var targets = new List<TagSet>(r.ResourceIds.Count);
        foreach (var id in r.ResourceIds)
        {
            var tags = TagsOf(id);
            if (!tags.IsSuccess)
            {
                return tags.Error;
            }

            if (tags.Value.Count + r.Tags.Count(t => !tags.Value.ContainsKey(t.Key)) > TagSet.MaxTags)
            {
                return Ec2Errors.TagLimit;
            }

            targets.Add(tags.Value);
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        foreach (var target in targets)
        {
            foreach (var tag in r.Tags)
            {
                target.Set(tag.Key, tag.Value);
            }
        }

        return Ec2Acknowledgement.Instance;
    }

    public Ec2Result<Ec2Acknowledgement> DeleteTags(DeleteTagsRequest r)
    {
        Settle(Now);
        if (r.ResourceIds.Count == 0)
        {
            return Ec2Errors.Missing("ResourceId");
        }

        var targets = new List<TagSet>(r.ResourceIds.Count);
        foreach (var id in r.ResourceIds)
        {
            var tags = TagsOf(id);
            if (!tags.IsSuccess)
            {
                return tags.Error;
            }

            targets.Add(tags.Value);
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        foreach (var target in targets)
        {
            if (r.Tags.Count == 0)
            {
                target.Clear();
            }

            foreach (var (key, value) in r.Tags)
            {
                target.Remove(key, value);
            }
        }

        return Ec2Acknowledgement.Instance;
    }

    private Ec2Result<TagSet> TagsOf(string id)
    {
        if (id.StartsWith("eni-", StringComparison.Ordinal) && !id.StartsWith("eni-attach-", StringComparison.Ordinal))
        {
            return _enis.TryGetValue(id, out var eni) ? eni.Tags : Ec2Errors.EniNotFound([id]);
        }

        if (id.StartsWith("i-", StringComparison.Ordinal))
        {
            return _instances.TryGetValue(id, out var instance) ? instance.Tags : Ec2Errors.InstanceNotFound([id]);
        }

        if (id.StartsWith("subnet-", StringComparison.Ordinal))
        {
            return _subnets.TryGetValue(id, out var subnet) ? subnet.Tags : Ec2Errors.SubnetNotFound(id);
        }

        if (id.StartsWith("vpc-", StringComparison.Ordinal))
        {
            return _vpcById.TryGetValue(id, out var vpc) ? vpc.Tags : Ec2Errors.VpcNotFound(id);
        }

        if (id.StartsWith("sg-", StringComparison.Ordinal))
        {
            return _groups.TryGetValue(id, out var group) ? group.Tags : Ec2Errors.GroupNotFound(id);
        }

        return Ec2Errors.InvalidResourceId(id);
    }

    /// <summary>The tags of the specifications for <paramref name="resourceTypes"/>; other resource types are refused.</summary>
    private static Ec2Result<List<Ec2Tag>> TagsFor(IReadOnlyList<Ec2TagSpecification> specifications, params string[] resourceTypes)
    {
        var tags = new List<Ec2Tag>();
        foreach (var spec in specifications)
        {
            if (!resourceTypes.Contains(spec.ResourceType))
            {
                return Ec2Errors.Invalid($"'{spec.ResourceType}' is not a valid taggable resource type for this operation.");
            }

            if (ValidateTags(spec.Tags) is { } invalid)
            {
                return invalid;
            }

            if (spec.Tags.Count > TagSet.MaxTags)
            {
                return Ec2Errors.TagLimit;
            }

            tags.AddRange(spec.Tags);
        }

        return tags;
    }

    private static Ec2Error? ValidateTags(IReadOnlyList<Ec2Tag> tags)
    {
        foreach (var tag in tags)
        {
            if (string.IsNullOrEmpty(tag.Key) || tag.Key.Length > 128)
            {
                return Ec2Errors.Invalid($"Tag key '{tag.Key}' must be 1 to 128 characters long.");
            }

            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                return Ec2Errors.Invalid("Tag keys starting with 'aws:' are reserved for internal use");
            }

            if (tag.Value.Length > 256)
            {
                return Ec2Errors.Invalid($"Tag value for key '{tag.Key}' exceeds the maximum length of 256 characters.");
            }
        }

        return null;
    }
}
