using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;

namespace Fleet.Core.Catalog;

/// <summary>
/// The ENI limits of every instance type Fleet knows, built from the CSV embedded in this assembly
/// (a snapshot of <c>DescribeInstanceTypes</c>, 1,373 types). Lookups are case-sensitive, as EC2's names are.
/// </summary>
public sealed class InstanceTypeCatalog
{
    private const string ResourceName = "Fleet.Core.Catalog.ec2-instance-types.csv";
    private static readonly Lazy<InstanceTypeCatalog> s_embedded = new(LoadEmbedded);

    private readonly FrozenDictionary<string, InstanceLimits> _byType;

    /// <summary>Creates a catalog from explicit limits (tests, or limits read from DescribeInstanceTypes).</summary>
    public InstanceTypeCatalog(IEnumerable<InstanceLimits> limits)
    {
        _byType = limits.ToFrozenDictionary(l => l.InstanceType, StringComparer.Ordinal);
        All = [.. _byType.Values.OrderBy(l => l.InstanceType, StringComparer.Ordinal)];
    }

    /// <summary>The catalog embedded in Fleet.Core, loaded once.</summary>
    public static InstanceTypeCatalog Embedded => s_embedded.Value;

    /// <summary>Every instance type, sorted by name.</summary>
    public ImmutableArray<InstanceLimits> All { get; }

    /// <summary>The number of instance types.</summary>
    public int Count => _byType.Count;

    /// <summary>Finds an instance type's limits.</summary>
    public bool TryGet(string instanceType, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InstanceLimits? limits) =>
        _byType.TryGetValue(instanceType, out limits);

    /// <summary>Finds an instance type's limits or throws <see cref="KeyNotFoundException"/> naming the type.</summary>
    public InstanceLimits Get(string instanceType) =>
        _byType.TryGetValue(instanceType, out var limits)
            ? limits
            : throw new KeyNotFoundException($"Unknown instance type '{instanceType}': it is not in the catalog of {Count} types.");

    /// <summary>Every type that supports /28 prefixes (Nitro or bare metal).</summary>
    public IEnumerable<InstanceLimits> PrefixCapable => All.Where(l => l.SupportsPrefixDelegation);

    /// <summary>Parses the catalog CSV (header row first; columns as in <c>ec2-instance-types.csv</c>).</summary>
    public static InstanceTypeCatalog Parse(TextReader reader)
    {
        var header = reader.ReadLine() ?? throw new FormatException("The instance type catalog is empty.");
        var columns = header.Split(',');
        int Col(string name)
        {
            var i = Array.IndexOf(columns, name);
            return i >= 0 ? i : throw new FormatException($"The instance type catalog has no '{name}' column.");
        }

        int type = Col("instance_type"), hyper = Col("hypervisor"), metal = Col("bare_metal"),
            enis = Col("max_network_interfaces"), v4 = Col("ipv4_addresses_per_interface"),
            v6 = Col("ipv6_addresses_per_interface"), defaultCard = Col("default_network_card_index"),
            cards = Col("network_cards");

        var limits = new List<InstanceLimits>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split(',');
            try
            {
                limits.Add(new InstanceLimits(
                    f[type],
                    f[hyper],
                    bool.Parse(f[metal]),
                    int.Parse(f[enis], CultureInfo.InvariantCulture),
                    int.Parse(f[v4], CultureInfo.InvariantCulture),
                    int.Parse(f[v6], CultureInfo.InvariantCulture),
                    int.Parse(f[defaultCard], CultureInfo.InvariantCulture),
                    ParseCards(f[cards], int.Parse(f[enis], CultureInfo.InvariantCulture))));
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
            {
                throw new FormatException($"Instance type catalog line {lineNumber} is malformed: '{line}'.", e);
            }
        }

        return new InstanceTypeCatalog(limits);
    }

    // "0:8;1:8" -> cards 0 and 1 with 8 interfaces each; empty -> one card holding every interface.
    private static ImmutableArray<NetworkCardLimit> ParseCards(string text, int maxInterfaces)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [new NetworkCardLimit(0, maxInterfaces)];
        }

        return [.. text.Split(';').Select(part =>
        {
            var pair = part.Split(':');
            return new NetworkCardLimit(
                int.Parse(pair[0], CultureInfo.InvariantCulture),
                int.Parse(pair[1], CultureInfo.InvariantCulture));
        })];
    }

    private static InstanceTypeCatalog LoadEmbedded()
    {
        using var stream = typeof(InstanceTypeCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from Fleet.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
