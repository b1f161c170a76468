using Fleet.Core.Addressing;
using Fleet.Core.Throttling;
using Microsoft.Extensions.Options;

namespace Fleet.Ec2.Emulator.Options;

/// <summary>Validates <see cref="EmulatorOptions"/>; every error names the key at fault (e.g. <c>Vpcs[0].Subnets[1].CidrBlock</c>).</summary>
public sealed class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem, if there is any.</summary>
    public static void ThrowIfInvalid(EmulatorOptions options)
    {
        var errors = Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException("EmulatorOptions", typeof(EmulatorOptions), errors);
        }
    }

    /// <summary>Every problem with the options (empty when they are valid).</summary>
    public static List<string> Errors(EmulatorOptions o)
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string problem)
        {
            if (!ok)
            {
                errors.Add($"{key}: {problem}");
            }
        }

        Check(!string.IsNullOrWhiteSpace(o.Region), "Region", "must not be empty");
        Check(o.AccountId is { Length: 12 } && o.AccountId.All(char.IsAsciiDigit), "AccountId", $"'{o.AccountId}' is not a 12-digit account id");
        Check(o.TimeCompression > 0 && double.IsFinite(o.TimeCompression), "TimeCompression", $"{o.TimeCompression} must be > 0");
        Check(o.TrailCapacity >= 1, "TrailCapacity", $"{o.TrailCapacity} must be ≥ 1");
        Check(o.ClientTokenLifetime > TimeSpan.Zero, "ClientTokenLifetime", "must be > 0");
        Check(Enum.IsDefined(o.AddressSelection), "AddressSelection", $"'{o.AddressSelection}' is not Random or Lowest");
        ValidateLayout(o, errors);
        ValidateThrottling(o.Throttling, errors);
        ValidateLatency(o.Latency, errors);
        ValidateFaults(o.Faults, "Faults", errors);
        return errors;
    }

    /// <summary>Checks a fault table (keys are EC2 action names or <c>*</c>).</summary>
    public static void ValidateFaults(IDictionary<string, ActionFaultOptions> faults, string key, List<string> errors)
    {
        foreach (var (action, rules) in faults)
        {
            var at = $"{key}.{action}";
            if (Dispatch.FaultInjector.IsScope(action))
            {
                if (action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..].Length == 0)
                {
                    errors.Add($"{at}: names no zone or subnet");
                }
            }
            else if (action != "*" && !Ec2ActionFacts.TryParse(action, out _))
            {
                errors.Add($"{at}: '{action}' is not an EC2 action the emulator serves, '*', 'zone:<az>' or 'subnet:<subnet-id>'");
            }

            Rule(rules.Timeout, $"{at}.Timeout");
            Rule(rules.NotVisible, $"{at}.NotVisible");
            if (rules.Timeout is { After: var after } && after < TimeSpan.Zero)
            {
                errors.Add($"{at}.Timeout.After: must be ≥ 0");
            }

            if (rules.For is { } lasts && lasts <= TimeSpan.Zero)
            {
                errors.Add($"{at}.For: must be > 0");
            }

            Rule(rules.InternalError, $"{at}.InternalError");
            Rule(rules.Unavailable, $"{at}.Unavailable");
            Rule(rules.ResponseLost, $"{at}.ResponseLost");
            Rule(rules.LatencySpike, $"{at}.LatencySpike");
            if (rules.LatencySpike is { Extra: var extra } && extra < TimeSpan.Zero)
            {
                errors.Add($"{at}.LatencySpike.Extra: must be ≥ 0");
            }
        }

        void Rule(FaultRule? rule, string at)
        {
            if (rule is null)
            {
                return;
            }

            if (rule.Probability is < 0 or > 1 || double.IsNaN(rule.Probability))
            {
                errors.Add($"{at}.Probability: {rule.Probability} must be between 0 and 1");
            }

            if (rule.Count < 0)
            {
                errors.Add($"{at}.Count: {rule.Count} must be ≥ 0");
            }
        }
    }

    private static void ValidateThrottling(ThrottlingOptions t, List<string> errors)
    {
        foreach (var (name, spec) in t.Buckets)
        {
            var at = $"Throttling.Buckets.{name}";
            if (!Enum.TryParse<Ec2Action>(name, ignoreCase: false, out _))
            {
                errors.Add($"{at}: '{name}' is not an EC2 action (or DescribeNetworkInterfacesUnfiltered / DescribeInstancesUnfiltered)");
            }

            if (spec.Capacity is { } c && !(c > 0))
            {
                errors.Add($"{at}.Capacity: {c} must be > 0");
            }

            if (spec.RefillPerSecond is { } r && !(r >= 0))
            {
                errors.Add($"{at}.RefillPerSecond: {r} must be ≥ 0");
            }
        }
    }

    private static void ValidateLatency(LatencyOptions l, List<string> errors)
    {
        void Spec(LatencySpec? s, string at)
        {
            if (s is not null && (s.Median < TimeSpan.Zero || s.P99 < s.Median))
            {
                errors.Add($"{at}: median {s.Median} must be ≥ 0 and P99 {s.P99} ≥ median");
            }
        }

        foreach (var (name, spec) in l.Actions)
        {
            if (!Ec2ActionFacts.TryParse(name, out _))
            {
                errors.Add($"Latency.Actions.{name}: '{name}' is not an EC2 action the emulator serves");
            }

            Spec(spec, $"Latency.Actions.{name}");
        }

        Spec(l.Throttled, "Latency.Throttled");
        Spec(l.AttachCompletion, "Latency.AttachCompletion");
        Spec(l.DetachCompletion, "Latency.DetachCompletion");
        Spec(l.ConsistencyLag, "Latency.ConsistencyLag");
    }

    private static void ValidateLayout(EmulatorOptions o, List<string> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var subnetRanges = new List<(uint Start, uint End, string Key)>();
        var vpcs = o.EffectiveVpcs();
        if (!vpcs.Any(v => v.Subnets.Count > 0))
        {
            errors.Add("Vpcs: at least one subnet is needed");
        }

        for (var v = 0; v < vpcs.Count; v++)
        {
            var vpc = vpcs[v];
            var at = $"Vpcs[{v}]";
            Id(vpc.Id, "vpc-", $"{at}.Id");
            var vpcRange = Cidr(vpc.CidrBlock, $"{at}.CidrBlock", minLength: 8);
            for (var s = 0; s < vpc.Subnets.Count; s++)
            {
                var subnet = vpc.Subnets[s];
                var sat = $"{at}.Subnets[{s}]";
                Id(subnet.Id, "subnet-", $"{sat}.Id");
                if (string.IsNullOrEmpty(subnet.AvailabilityZone) || !subnet.AvailabilityZone.StartsWith(o.Region, StringComparison.Ordinal)
                    || subnet.AvailabilityZone.Length == o.Region.Length)
                {
                    errors.Add($"{sat}.AvailabilityZone: '{subnet.AvailabilityZone}' is not an AZ of {o.Region} (e.g. {o.Region}a)");
                }

                if (Cidr(subnet.CidrBlock, $"{sat}.CidrBlock", minLength: 16) is { } range)
                {
                    if (vpcRange is { } vr && (range.Start < vr.Start || range.End > vr.End))
                    {
                        errors.Add($"{sat}.CidrBlock: {subnet.CidrBlock} is not inside the VPC's {vpc.CidrBlock}");
                    }

                    foreach (var other in subnetRanges.Where(r => r.Start <= range.End && range.Start <= r.End))
                    {
                        errors.Add($"{sat}.CidrBlock: {subnet.CidrBlock} overlaps {other.Key}");
                    }

                    subnetRanges.Add((range.Start, range.End, $"{sat}.CidrBlock"));
                }
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var g = 0; g < vpc.SecurityGroups.Count; g++)
            {
                var group = vpc.SecurityGroups[g];
                Id(group.Id, "sg-", $"{at}.SecurityGroups[{g}].Id");
                if (string.IsNullOrWhiteSpace(group.Name) || !names.Add(group.Name))
                {
                    errors.Add($"{at}.SecurityGroups[{g}].Name: '{group.Name}' is empty or repeated in the VPC");
                }
            }
        }

        if (vpcs.Count(v => v.IsDefault) > 1)
        {
            errors.Add("Vpcs: at most one VPC can be IsDefault");
        }

        void Id(string? id, string prefix, string key)
        {
            if (id is null)
            {
                return;
            }

            if (!id.StartsWith(prefix, StringComparison.Ordinal) || id.Length == prefix.Length)
            {
                errors.Add($"{key}: '{id}' must start with '{prefix}'");
            }
            else if (!ids.Add(id))
            {
                errors.Add($"{key}: '{id}' is used twice");
            }
        }

        // EC2 allows subnets of /16 to /28; VPCs may be larger here (one block instead of EC2's up to five /16s).
        (uint Start, uint End)? Cidr(string cidr, string key, int minLength)
        {
            try
            {
                var (network, length) = Ipv4.ParseCidr(cidr);
                if (length < minLength || length > 28)
                {
                    errors.Add($"{key}: {cidr} must be between /{minLength} and /28");
                    return null;
                }

                return (network, network + (uint)((1L << (32 - length)) - 1));
            }
            catch (FormatException e)
            {
                errors.Add($"{key}: {e.Message}");
                return null;
            }
        }
    }
}
