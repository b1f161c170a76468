namespace Fleet.Silo.Hosting;

/// <summary>The silo's configuration is invalid; <see cref="Errors"/> name each bad key.</summary>
public sealed class SiloConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloConfigurationException(IReadOnlyList<string> errors)
        : base("Fleet's configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e))) =>
        Errors = errors;

    /// <summary>Creates the exception.</summary>
    public SiloConfigurationException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloConfigurationException(string message, Exception innerException)
        : base(message, innerException) =>
        Errors = [message];

    /// <summary>Each problem, naming its key.</summary>
    public IReadOnlyList<string> Errors { get; }
}
