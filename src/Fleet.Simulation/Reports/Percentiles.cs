namespace Fleet.Simulation.Reports;

/// <summary>Nearest-rank percentiles.</summary>
public static class Percentiles
{
    /// <summary>The wait figures of served and unserved pods together.</summary>
    public static WaitFigures Of(IReadOnlyList<float> served, IReadOnlyList<float> unserved)
    {
        var all = new float[served.Count + unserved.Count];
        for (var i = 0; i < served.Count; i++)
        {
            all[i] = served[i];
        }

        for (var i = 0; i < unserved.Count; i++)
        {
            all[served.Count + i] = unserved[i];
        }

        Array.Sort(all);
        return new WaitFigures(all.Length, unserved.Count, Rank(all, 0.50), Rank(all, 0.90), Rank(all, 0.99), all.Length == 0 ? 0 : Round(all[^1]));
    }

    /// <summary>The nearest-rank <paramref name="p"/> percentile of sorted values (0 when empty).</summary>
    public static double Rank(float[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);

    private static double Round(float value) => Math.Round(value, 3);
}
