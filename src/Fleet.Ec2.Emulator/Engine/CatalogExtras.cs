using System.Collections.Frozen;
using System.Globalization;
using Fleet.Core.Catalog;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>
/// vCPUs and memory per instance type, which <see cref="InstanceLimits"/> does not carry: read from the same CSV
/// embedded in Fleet.Core (its <c>vcpus</c> and <c>memory_mib</c> columns). Missing from Core; kept here.
/// </summary>
internal static class CatalogExtras
{
    private static readonly Lazy<FrozenDictionary<string, (int VCpus, long MemoryMiB)>> s_table = new(Load);

    public static (int VCpus, long MemoryMiB) For(string instanceType) =>
        s_table.Value.TryGetValue(instanceType, out var extra) ? extra : (0, 0);

    private static FrozenDictionary<string, (int, long)> Load()
    {
        var table = new Dictionary<string, (int, long)>(StringComparer.Ordinal);
        using var stream = typeof(InstanceTypeCatalog).Assembly.GetManifestResourceStream("Fleet.Core.Catalog.ec2-instance-types.csv");
        if (stream is null)
        {
            return table.ToFrozenDictionary(StringComparer.Ordinal);
        }

        using var reader = new StreamReader(stream);
        var header = (reader.ReadLine() ?? "").Split(',');
        int type = Array.IndexOf(header, "instance_type"), cpus = Array.IndexOf(header, "vcpus"), mem = Array.IndexOf(header, "memory_mib");
        while (reader.ReadLine() is { Length: > 0 } line && type >= 0 && cpus >= 0 && mem >= 0)
        {
            var f = line.Split(',');
            if (int.TryParse(f[cpus], NumberStyles.None, CultureInfo.InvariantCulture, out var c)
                && long.TryParse(f[mem], NumberStyles.None, CultureInfo.InvariantCulture, out var m))
            {
                table[f[type]] = (c, m);
            }
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
