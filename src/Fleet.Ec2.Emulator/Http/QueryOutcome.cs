namespace Fleet.Ec2.Emulator.Http;

/// <summary>A rendered answer: status, XML body, when it is due and whether it is to be lost.</summary>
internal readonly record struct QueryOutcome(int Status, byte[] Body, TimeSpan Latency, bool ResponseLost);
