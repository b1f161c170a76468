using System.Diagnostics.Metrics;
using Fleet.Core.Throttling;

namespace Fleet.Ec2.Emulator.Dispatch;

/// <summary>The emulator's metrics: calls per action and outcome.</summary>
internal static class EmulatorInstruments
{
    public const string MeterName = "Fleet.Ec2.Emulator";
    private static readonly Meter s_meter = new(MeterName);
    private static readonly Counter<long> s_calls =
        s_meter.CreateCounter<long>("fleet.ec2.emulator.calls", "{call}", "EC2 calls received by the emulator, by action and outcome");

    public static void RecordCall(Ec2Action action, string outcome)
    {
        if (s_calls.Enabled)
        {
            s_calls.Add(1, new KeyValuePair<string, object?>("action", action.WireName()), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
