namespace Fleet.Core.Priors;

/// <summary>
/// Configuration section <c>Fleet:Allocator:Prior</c>: how a new node's first calls are sized for the demand it is
/// about to have. A prior only sets how far a call reaches when its token comes (still checked against slots and subnet
/// room); what it over-reserved is given back through the release handshake once the node's demand has plateaued.
/// Example: <code>"Prior": { "Mode": "Group", "Quantile": 0.9, "Window": "7.00:00:00" }</code>
/// </summary>
public sealed class PriorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Allocator:Prior";

    /// <summary>
    /// <see cref="PriorMode.None"/>, <see cref="PriorMode.MaxPods"/> or <see cref="PriorMode.Group"/> (default): the
    /// group's quantile peak where the group has history, else the node's max-pods where its spec sets it.
    /// </summary>
    public PriorMode Mode { get; set; } = PriorMode.Group;

    /// <summary>
    /// Which quantile of the group's peaks a new node is sized for, in (0, 1]. Default 0.9: one node in ten may need a
    /// second call; a higher quantile saves calls and holds more addresses early.
    /// </summary>
    public double Quantile { get; set; } = 0.9;

    /// <summary>
    /// The half-life of a peak in the group's history: a peak this old counts half as much as one seen now, so a group
    /// whose workload changes follows it. Default 7 days.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How many nodes' worth of (decayed) peaks a group needs before its quantile is used; below it the node falls back
    /// to its max-pods. Default 3.
    /// </summary>
    public double MinNodes { get; set; } = 3;

    /// <summary>
    /// How long a node's demand must stay at or below its peak for that peak to count as reached: the peak is then
    /// recorded in the group's history, the prior no longer applies, and whatever the prior reserved beyond it may be
    /// given back. Default 2 min.
    /// </summary>
    public TimeSpan PlateauAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a provisioner's intent (<c>PUT /api/v1/nodes/{id}/intent</c>) holds while no pods arrive: it lapses this
    /// long after it was declared, or after the node's demand last grew, whichever is later. Default 10 min.
    /// </summary>
    public TimeSpan IntentExpiry { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Errors naming the bad key; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            yield return $"{Section}:Mode must be None, MaxPods or Group; it is {Mode}.";
        }

        if (double.IsNaN(Quantile) || Quantile is <= 0 or > 1)
        {
            yield return $"{Section}:Quantile must be in (0, 1]; it is {Quantile}.";
        }

        if (double.IsNaN(MinNodes) || MinNodes is < 0 or > 1_000_000)
        {
            yield return $"{Section}:MinNodes must be between 0 and 1,000,000; it is {MinNodes}.";
        }

        foreach (var (key, value, min) in new[]
        {
            (nameof(Window), Window, TimeSpan.FromSeconds(1)),
            (nameof(PlateauAfter), PlateauAfter, TimeSpan.FromMilliseconds(10)),
            (nameof(IntentExpiry), IntentExpiry, TimeSpan.FromMilliseconds(10)),
        })
        {
            if (value < min)
            {
                yield return $"{Section}:{key} must be at least {min}; it is {value}.";
            }
        }
    }
}
