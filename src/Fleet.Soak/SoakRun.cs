using Fleet.Abstractions.Grains;

namespace Fleet.Soak;

/// <summary>
/// Runs a soak (<see cref="SoakOptions"/>): the emulator with faults on, one silo, the churn workload; a sample each
/// <see cref="SoakOptions.SampleEvery"/> and a node replacement each <see cref="SoakOptions.ReplaceEvery"/> of
/// scenario time; at the end the agents stop, the janitor gets its passes, and EC2's state is checked.
/// </summary>
public static class SoakRun
{
    /// <summary>Runs; <paramref name="progress"/> receives each sample as it is taken.</summary>
    public static async Task<SoakReport> RunAsync(SoakOptions options, Action<SoakSample>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var started = TimeProvider.System.GetTimestamp();
        var (region, server) = await SoakRegion.StartAsync(options);
        await using var emulator = server;
        await using var silo = await SoakSilo.StartAsync(server.BaseAddress, options.Compression, cancellationToken);
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        var workload = new SoakWorkload(region, silo.Grains, options);
        var sampler = new SoakSampler(region, workload, async () => (await management.GetSimpleGrainStatistics()).Sum(s => s.ActivationCount));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        workload.Start(stop.Token);

        var tick = TimeSpan.FromTicks(Math.Min(options.SampleEvery.Ticks, options.ReplaceEvery.Ticks));
        var nextSample = options.SampleEvery;
        var nextReplace = options.ReplaceEvery;
        using (var timer = new PeriodicTimer(tick / options.Compression, TimeProvider.System))
        {
            for (var now = tick; now <= options.Duration && await timer.WaitForNextTickAsync(cancellationToken); now += tick)
            {
                if (now >= nextReplace)
                {
                    workload.Replace(stop.Token);
                    nextReplace += options.ReplaceEvery;
                }

                if (now >= nextSample)
                {
                    progress?.Invoke(await sampler.SampleAsync(now));
                    nextSample += options.SampleEvery;
                }
            }
        }

        await stop.CancelAsync();
        await workload.StopAsync();
        var checks = await CheckAsync(region, silo, workload);
        var wall = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        return Report(options, region, workload, sampler.Samples, checks, wall);
    }

    /// <summary>The janitor deletes what terminated nodes left detached (passes until none, at most a minute); then EC2 is checked.</summary>
    private static async Task<SoakChecks> CheckAsync(Fleet.Ec2.Emulator.Ec2Region region, SoakSilo silo, SoakWorkload workload)
    {
        var janitor = silo.Grains.GetGrain<IJanitorGrain>(SoakSilo.ClusterName);
        var deadline = TimeProvider.System.GetTimestamp();
        SoakChecks checks;
        do
        {
            await janitor.RunPass();
            checks = SoakInvariants.Check(region.Snapshot(), SoakSilo.ClusterName, workload.InUse());
            if (checks.LeakedEnis == 0)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System);
        }
        while (TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromMinutes(1));

        return checks;
    }

    private static SoakReport Report(SoakOptions options, Fleet.Ec2.Emulator.Ec2Region region, SoakWorkload workload, IReadOnlyList<SoakSample> samples, SoakChecks checks, double wall)
    {
        var warm = samples.Where(s => s.Minute > options.WarmUp.TotalMinutes).ToList();
        var window = Math.Max(1, Math.Min(3, warm.Count / 3));
        var growth = warm.Count < 2 ? 0 : Math.Round(100 * (warm.TakeLast(window).Average(s => s.HeapMb) / warm.Take(window).Average(s => s.HeapMb) - 1), 2);
        var half = warm.Count / 2;
        static double Ratio(IEnumerable<SoakSample> s) => s.Sum(x => x.NodeChanges) is var c and > 0 ? Math.Round((double)s.Sum(x => x.FleetCalls) / c, 3) : 0;
        var outcomes = region.Statistics().ByAction.SelectMany(a => a.Value)
            .Where(o => o.Key is "InternalError" or "Unavailable")
            .GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Sum(o => o.Value), StringComparer.Ordinal);
        outcomes["ResponseLost (last 5000 calls)"] = region.Trail().Count(t => t.ResponseLost);
        return new SoakReport(options, Math.Round(wall, 1), workload.Reports, workload.Failed, workload.Refusals, workload.Launched, workload.NodeChanges,
            SoakSampler.FleetCalls(region), outcomes, samples, growth, Ratio(warm.Take(half)), Ratio(warm.Skip(half)), checks);
    }
}
