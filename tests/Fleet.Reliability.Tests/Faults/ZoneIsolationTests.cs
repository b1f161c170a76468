using Fleet.Reliability.Tests.Infrastructure;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.Faults;

/// <summary>
/// One impaired availability zone stays that zone's problem (cilium #45686: one impaired zone broke ENI allocation for
/// the whole cluster). The same scale-out runs twice with the same seed, without and with us-east-1a failing every
/// call that touches it for three minutes of EC2 time: us-east-1b's nodes must make no more calls and reach their
/// targets while the zone is still impaired (its joining nodes lose one describe: batched with the impaired zone's, it
/// fails, and is split so theirs are answered); us-east-1a's must recover on their own within a minute of its return;
/// nothing may leak, duplicate or be taken from a pod.
/// </summary>
public sealed class ZoneIsolationTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        // Calls sized by demand alone, so a node's calls do not depend on how long it waited (the two runs compare exactly).
        ["Fleet:Allocator:LookaheadFactor"] = "0",
    };

    [Fact]
    public async Task An_impaired_zone_leaves_the_other_zones_nodes_untouched_and_its_own_recover_when_it_returns()
    {
        ZoneRun.Result baseline, impaired;
        await using (var cluster = await FaultCluster.StartAsync(settings: Settings))
        {
            baseline = await new ZoneRun(cluster, output).RunAsync("no fault", impair: false, seed: 3);
        }

        await using (var cluster = await FaultCluster.StartAsync(settings: Settings))
        {
            impaired = await new ZoneRun(cluster, output).RunAsync($"{ZoneRun.ImpairedZone} impaired", impair: true, seed: 3);
        }

        Figures.Write("zone-isolation", new
        {
            impairment = $"every call touching {ZoneRun.ImpairedZone}: 503 (half) or a 30 s hang then 503 (half), for {ZoneRun.Impairment.TotalMinutes:0} min of EC2 time",
            runs = new[] { baseline, impaired },
        });
        foreach (var run in new[] { baseline, impaired })
        {
            Assert.True(run.Violations.Count == 0, $"[{run.Name}] {run.Violations.Count} violations, first: {string.Join(" | ", run.Violations.Take(5))}");
            Assert.Equal(0, run.LeakedEnis);
        }

        var (before, during) = (baseline.Zone(ZoneRun.HealthyZone), impaired.Zone(ZoneRun.HealthyZone));
        Assert.True(impaired.HealthyZoneDoneWhileImpaired, $"{ZoneRun.HealthyZone}'s nodes reached their targets only after {ZoneRun.ImpairedZone} returned");
        // Without any fault two runs of the same seed differ by a few calls (which report a grant's plan sees); the
        // impairment may cost the healthy zone none beyond that.
        Assert.InRange(during.CapacityCalls, 0, before.CapacityCalls + 2 + (before.CapacityCalls / 10));
        Assert.Equal(0, during.FailedCalls);
        Assert.True(impaired.Zone(ZoneRun.ImpairedZone).FailedCalls > 0, "the impairment drew no failure: the test tested nothing");
        Assert.True(impaired.Zone(ZoneRun.ImpairedZone).RecoveredAfterSeconds <= 60,
            $"{ZoneRun.ImpairedZone}'s nodes took {impaired.Zone(ZoneRun.ImpairedZone).RecoveredAfterSeconds:0.0} EC2 s after the zone returned");
    }
}
