using System.Diagnostics.Metrics;

namespace Fleet.Ec2.Metering;

/// <summary>Metrics of EC2 calls: meter <c>Fleet.Ec2</c>.</summary>
public sealed class Ec2Instruments
{
    /// <summary>The meter name, for exporters.</summary>
    public const string MeterName = "Fleet.Ec2";

    /// <summary>Creates the instruments on a meter from the factory.</summary>
    public Ec2Instruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Calls = meter.CreateCounter<long>("fleet.ec2.calls", "{call}", "EC2 API calls by action and outcome (OK or the error code)");
        Duration = meter.CreateHistogram<double>("fleet.ec2.call.duration", "s", "EC2 API call duration by action and outcome");
    }

    /// <summary><c>fleet.ec2.calls</c> {action, outcome, kind}.</summary>
    public Counter<long> Calls { get; }

    /// <summary><c>fleet.ec2.call.duration</c> {action, outcome}.</summary>
    public Histogram<double> Duration { get; }
}
