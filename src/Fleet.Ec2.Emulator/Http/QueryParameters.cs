using System.Globalization;
using System.Net;
using Fleet.Ec2.Emulator.Engine;

namespace Fleet.Ec2.Emulator.Http;

/// <summary>
/// The parameters of one Query request (form body or query string), case-sensitive as EC2's are, with EC2's list
/// flattening (<c>Name.N</c>, <c>Name.N.Member</c>, <c>Filter.N.Value.M</c>). A parameter that does not parse
/// records the first error in <see cref="Error"/> and reads as absent, so readers stay linear.
/// </summary>
internal sealed class QueryParameters
{
    private readonly Dictionary<string, string> _values;

    private QueryParameters(Dictionary<string, string> values) => _values = values;

    /// <summary>The first parse error, if any.</summary>
    public Ec2Error? Error { get; private set; }

    public int Count => _values.Count;

    /// <summary>Parses <c>a=1&amp;b=2</c> (percent-encoding and <c>+</c> for space).</summary>
    public static QueryParameters Parse(ReadOnlySpan<char> text, QueryParameters? into = null)
    {
        var values = into?._values ?? new Dictionary<string, string>(32, StringComparer.Ordinal);
        if (text.Length > 0 && text[0] == '?')
        {
            text = text[1..];
        }

        foreach (var range in text.Split('&'))
        {
            var pair = text[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf('=');
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            values[key] = value;
        }

        return into ?? new QueryParameters(values);
    }

    private static string Decode(ReadOnlySpan<char> s) =>
        s.IndexOfAny('%', '+') < 0 ? s.ToString() : WebUtility.UrlDecode(s.ToString());

    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

    public string GetOrEmpty(string name) => Get(name) ?? "";

    public int? Int(string name)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Fail(Ec2Errors.InvalidValue(name, text));
        return null;
    }

    public int RequiredInt(string name)
    {
        if (Int(name) is { } value)
        {
            return value;
        }

        Fail(Ec2Errors.Missing(name));
        return 0;
    }

    public bool? Bool(string name)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Fail(Ec2Errors.InvalidValue(name, text));
        return null;
    }

    public bool Flag(string name) => Bool(name) ?? false;

    /// <summary>A flat list: <c>prefix.1</c>, <c>prefix.2</c>, … (a bare <c>prefix=</c> is an empty list).</summary>
    public List<string> List(string prefix, string? member = null)
    {
        var list = new List<string>();
        for (var n = 1; Get(Key(prefix, n, member)) is { } value; n++)
        {
            list.Add(value);
        }

        return list;
    }

    /// <summary>Whether any element of a list is present.</summary>
    public bool HasList(string prefix) => Get(Key(prefix, 1, null)) is not null;

    public List<Ec2Filter> Filters()
    {
        var filters = new List<Ec2Filter>();
        for (var n = 1; Get(Key("Filter", n, "Name")) is { } name; n++)
        {
            filters.Add(new Ec2Filter(name, List(Key("Filter", n, "Value"))));
        }

        return filters;
    }

    public List<Ec2Tag> Tags(string prefix)
    {
        var tags = new List<Ec2Tag>();
        for (var n = 1; Get(Key(prefix, n, "Key")) is { } key; n++)
        {
            tags.Add(new Ec2Tag(key, GetOrEmpty(Key(prefix, n, "Value"))));
        }

        return tags;
    }

    public List<Ec2TagSpecification> TagSpecifications()
    {
        var specs = new List<Ec2TagSpecification>();
        for (var n = 1; Get(Key("TagSpecification", n, "ResourceType")) is { } type; n++)
        {
            specs.Add(new Ec2TagSpecification(type, Tags(Key("TagSpecification", n, "Tag"))));
        }

        return specs;
    }

    public void Fail(Ec2Error error) => Error ??= error;

    public static string Key(string prefix, int n, string? member) =>
        member is null ? string.Create(CultureInfo.InvariantCulture, $"{prefix}.{n}") : string.Create(CultureInfo.InvariantCulture, $"{prefix}.{n}.{member}");
}
