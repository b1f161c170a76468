namespace Fleet.Ec2.Aws;

/// <summary>Where Fleet's EC2 calls go.</summary>
public enum Ec2Mode
{
    /// <summary>The EC2 emulator (embedded in the silo, or at <see cref="Ec2Options.ServiceUrl"/>). The default.</summary>
    Emulator = 0,

    /// <summary>Real EC2 in <see cref="Ec2Options.Region"/>, credentials from the default AWS chain.</summary>
    Aws = 1,
}

/// <summary>Configuration section <c>Fleet:Ec2</c>.</summary>
public sealed class Ec2Options
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Ec2";

    /// <summary><c>Emulator</c> (default) or <c>Aws</c>.</summary>
    public Ec2Mode Mode { get; set; } = Ec2Mode.Emulator;

    /// <summary>The AWS region. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// The EC2 endpoint. Required in Emulator mode unless the silo embeds the emulator (it then fills it in); in Aws
    /// mode optional (e.g. a VPC endpoint URL). Example: <c>http://127.0.0.1:4566</c>.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The account id, used to key the throttle (EC2 throttles per account and region). Default: <c>default</c>.</summary>
    public string AccountId { get; set; } = "default";

    /// <summary>Time allowed for one EC2 request before it counts as a transient failure. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Errors naming the bad key; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Region))
        {
            yield return $"{Section}:Region must be set (e.g. us-east-1).";
        }

        if (ServiceUrl is not null && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
        {
            yield return $"{Section}:ServiceUrl must be an absolute URL; it is '{ServiceUrl}'.";
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:Timeout must be between 0 and 5 minutes; it is {Timeout}.";
        }

        if (string.IsNullOrWhiteSpace(AccountId))
        {
            yield return $"{Section}:AccountId must not be empty.";
        }
    }
}
