namespace Fleet.Simulation.Reports;

/// <summary>
/// How the two clusters of a <c>two-clusters</c> run fared against each running alone, for the policy <c>fleet</c>
/// (same scenario, same seed, same EC2 model; the solo runs keep only that cluster's nodes). Goals: <see cref="BP99RatioToSolo"/>
/// ≤ 1.2, <see cref="ACallsRatioToSolo"/> ≤ 1.05, <see cref="Throttled"/> = 0.
/// </summary>
/// <param name="Bursting">Cluster A, the one that bursts.</param>
/// <param name="Churning">Cluster B, the one that churns meanwhile.</param>
/// <param name="BP99">B's p99 pod wait with A bursting beside it, seconds.</param>
/// <param name="BSoloP99">B's p99 pod wait alone, seconds.</param>
/// <param name="BP99RatioToSolo"><see cref="BP99"/> / <see cref="BSoloP99"/> (1 when both are 0).</param>
/// <param name="ACalls">A's capacity calls beside B.</param>
/// <param name="ASoloCalls">A's capacity calls alone.</param>
/// <param name="ACallsRatioToSolo"><see cref="ACalls"/> / <see cref="ASoloCalls"/> (1 when both are 0).</param>
/// <param name="Throttled">Calls EC2 answered RequestLimitExceeded in the run of both.</param>
public sealed record FairnessFigures(
    string Bursting,
    string Churning,
    double BP99,
    double BSoloP99,
    double BP99RatioToSolo,
    long ACalls,
    long ASoloCalls,
    double ACallsRatioToSolo,
    long Throttled)
{
    /// <summary>The figures from the run of both clusters and each cluster's solo run.</summary>
    public static FairnessFigures Of(string bursting, string churning, PolicyResult both, PolicyResult burstingAlone, PolicyResult churningAlone)
    {
        var b = both.Clusters.Single(c => c.Cluster == churning);
        var a = both.Clusters.Single(c => c.Cluster == bursting);
        return new FairnessFigures(bursting, churning, b.PodWait.P99, churningAlone.PodWait.P99, Ratio(b.PodWait.P99, churningAlone.PodWait.P99),
            a.CapacityCalls, burstingAlone.CapacityCalls, Ratio(a.CapacityCalls, burstingAlone.CapacityCalls), both.ThrottledResponses);
    }

    private static double Ratio(double value, double solo) =>
        solo == 0 ? (value == 0 ? 1 : double.PositiveInfinity) : Math.Round(value / solo, 4);
}
