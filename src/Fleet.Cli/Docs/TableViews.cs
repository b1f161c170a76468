namespace Fleet.Cli.Docs;

/// <summary>
/// The table views a marker can name: <c>&lt;!-- table: VIEW FILE… --&gt;</c> (or <c>KEY=FILE</c> for views that
/// judge several runs together). Files are paths from the repository root.
/// </summary>
internal static class TableViews
{
    private static readonly Dictionary<string, Func<IReadOnlyList<Figure>, string>> s_lists = new(StringComparer.Ordinal)
    {
        ["policies"] = BenchViews.Policies,
        ["priors"] = PriorViews.Priors,
        ["waves"] = PriorViews.Waves,
        ["seed"] = BenchViews.Seed,
        ["engine-speed"] = BenchViews.EngineSpeed,
        ["engines"] = BenchViews.Engines,
        ["silo-loss"] = BenchViews.SiloLoss,
        ["memory"] = BenchViews.Memory,
        ["clusters"] = ClusterViews.Clusters,
        ["fairness"] = ClusterViews.Fairness,
        ["load"] = LoadViews.Load,
        ["ec2-faults"] = ReliabilityViews.Ec2Faults,
        ["process-faults"] = ReliabilityViews.ProcessFaults,
        ["soak"] = ReliabilityViews.Soak,
        ["zone-isolation"] = ReliabilityViews.ZoneIsolation,
        ["moto"] = ReliabilityViews.Moto,
        ["forgotten-node"] = ReliabilityViews.ForgottenNode,
    };

    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, Figure>, string>> s_keyed = new(StringComparer.Ordinal)
    {
        ["goals"] = BenchViews.Goals,
        ["prior-goals"] = PriorViews.Goals,
    };

    /// <summary>The views' names.</summary>
    public static IEnumerable<string> Names => s_lists.Keys.Concat(s_keyed.Keys).Order(StringComparer.Ordinal);

    /// <summary>Renders a marker's arguments (<c>VIEW FILE…</c>).</summary>
    public static string Render(string document, IReadOnlyList<string> arguments, string root)
    {
        if (arguments.Count < 2)
        {
            throw new DocTableException($"{document}: 'table: {string.Join(' ', arguments)}' names no JSON file");
        }

        var view = arguments[0];
        try
        {
            if (s_lists.TryGetValue(view, out var list))
            {
                return list([.. arguments.Skip(1).Select(path => Figure.Load(root, path))]);
            }

            if (s_keyed.TryGetValue(view, out var keyed))
            {
                return keyed(arguments.Skip(1).Select(a => a.Split('=', 2)).ToDictionary(
                    kv => kv.Length == 2 ? kv[0] : throw new DocTableException($"view '{view}' takes KEY=FILE arguments; got '{kv[0]}'"),
                    kv => Figure.Load(root, kv[1]), StringComparer.Ordinal));
            }
        }
        catch (DocTableException e)
        {
            throw new DocTableException($"{document}, 'table: {string.Join(' ', arguments)}': {e.Message}");
        }

        throw new DocTableException($"{document}: unknown table view '{view}'; known: {string.Join(", ", Names)}");
    }
}
