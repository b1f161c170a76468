using Fleet.Soak;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.Soak;

/// <summary>
/// The soak driver behind <c>fleet soak</c>, run short: a few minutes of scenario time with faults on. The full hour
/// is not for CI; RELIABILITY.md gives its command and figures.
/// </summary>
public sealed class SoakSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_short_soak_with_faults_samples_every_minute_and_breaks_no_invariant()
    {
        var report = await SoakRun.RunAsync(new SoakOptions { Duration = TimeSpan.FromMinutes(4), Nodes = 8, WarmUp = TimeSpan.FromMinutes(1), ReplaceEvery = TimeSpan.FromMinutes(1) },
            s => output.WriteLine($"min {s.Minute}: heap {s.HeapMb} MiB, calls {s.FleetCalls}, changes {s.NodeChanges}"));

        output.WriteLine($"reports {report.Reports}, node changes {report.NodeChanges}, Fleet calls {report.FleetCalls}, nodes launched {report.NodesLaunched}, " +
            $"faults {string.Join(", ", report.FaultsDrawn.Select(f => $"{f.Key} {f.Value}"))}, violations {report.Checks.Violations.Count}");
        Assert.Empty(report.Checks.Violations);
        Assert.Equal(4, report.Samples.Count);
        Assert.Equal(12, report.NodesLaunched); // 8, and one replacement a minute
        Assert.True(report.FleetCalls > 0 && report.NodeChanges > 0);
        Assert.Empty(report.Refusals);
    }
}
