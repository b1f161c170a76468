using System.Text.RegularExpressions;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// The warnings and errors in a silo's console log (the simple formatter of appsettings.json: <c>HH:mm:ss warn: …</c>),
/// less an explicit allow-list. Each allowed entry says why it is allowed and when it goes.
/// </summary>
internal static partial class SiloLog
{
    /// <summary>Lines an operator would be alarmed by, with the reason each allowed one is let through.</summary>
    private static readonly (Regex Line, string Why)[] s_allowed =
    [
        // Orleans' SiloLifecycleSubject warns whenever a lifecycle stage takes longer than a fixed second to stop. With
        // two silos the stopping one hands its grain directory partition to the other over the network; on two cores
        // shared with a whole test run that took 1.2 s once. That is the machine's load, not a fault; a stage that needs
        // 5 s or more to stop still fails the test.
        (new Regex(@"Orleans\.Runtime\.SiloLifecycleSubject\[100452\] '[^']+' stopped in stage '[^']+' in '00:00:0[1-4]\.", RegexOptions.CultureInvariant),
            "a lifecycle stage slower than Orleans' fixed 1 s under CPU contention"),

        // Orleans' LocalSiloHealthMonitor warns when its probe task waited over a second for a thread-pool thread, and
        // then that its health is degraded by that one complaint. On two cores shared with a whole test run (a build,
        // another silo, a browser) the process is simply not scheduled for a second; it says nothing of Fleet. A stall
        // of 5 s or more, or any other complaint, still fails the test.
        (new Regex(@"LocalSiloHealthMonitor\[\d+\] \.NET Thread Pool execution stalled for [1-4]\.\d+s\.", RegexOptions.CultureInvariant),
            "a thread-pool stall under 5 s under CPU contention"),
        (new Regex(@"LocalSiloHealthMonitor\[\d+\] Self-monitoring determined that local health is degraded\. Degradation score is 1/8 \(lower is better\)\. Complaints: \.NET Thread Pool execution stalled for [1-4]\.\d+s\. This can indicate \.NET Thread Pool starvation, very long \.NET GC pauses, or other runtime or machine pauses\.\s*$", RegexOptions.CultureInvariant),
            "the degraded-health line that reports only such a stall"),
    ];

    /// <summary>
    /// Every warning, error or critical line of the log that the allow-list does not explain. A membership probe to a
    /// silo the test stopped gracefully (<paramref name="stoppedPeers"/>, as <c>127.0.0.1:port</c>) may fail once: the
    /// probe left before the peer's "shutting down" reached this silo, and the peer closed its connections under it. A
    /// second failed probe in a row, or one to a silo still meant to run, still fails the test.
    /// </summary>
    public static IReadOnlyList<string> Alarms(string logPath, IReadOnlyCollection<string>? stoppedPeers = null)
    {
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n')
            .Where(line => Level().IsMatch(line))
            .Where(line => !s_allowed.Any(a => a.Line.IsMatch(line)))
            .Where(line => !ProbeToStoppedPeer(line, stoppedPeers ?? []))];
    }

    private static bool ProbeToStoppedPeer(string line, IReadOnlyCollection<string> stoppedPeers)
    {
        var match = PingLost().Match(line);
        if (!match.Success)
        {
            match = ProbeMissed().Match(line);
        }

        return match.Success && stoppedPeers.Contains(match.Groups["peer"].Value);
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d (warn|fail|crit): ")]
    private static partial Regex Level();

    [GeneratedRegex(@"^\d\d:\d\d:\d\d warn: Orleans\.Runtime\.CallbackData\[100157\] The target silo became unavailable for message: 'Request \[S[^\]]+ sys\.svc\.clustering/[^\]]+\]->\[S(?<peer>[\d.]+:\d+):\d+ sys\.svc\.clustering/[^\]]+\] Orleans\.Runtime\.IMembershipService\.Ping\(")]
    private static partial Regex PingLost();

    [GeneratedRegex(@"^\d\d:\d\d:\d\d warn: Orleans\.Runtime\.MembershipService\.SiloHealthMonitor\[100613\] Did not get response for probe #\d+ to silo S(?<peer>[\d.]+:\d+):\d+ after [\d:.]+\. Current number of consecutive failed probes is 1 ")]
    private static partial Regex ProbeMissed();
}
