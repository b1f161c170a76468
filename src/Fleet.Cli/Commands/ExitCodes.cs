namespace Fleet.Cli.Commands;

/// <summary>Exit codes every command uses.</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The cluster answered, but refused (unknown instance, impossible demand) or the node is blocked.</summary>
    public const int Refused = 1;

    /// <summary>Bad input, or the cluster (or EC2, for a node not yet read) could not be reached: try again.</summary>
    public const int Error = 2;
}
