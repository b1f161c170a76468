namespace Fleet.Ec2.Emulator.Engine;

/// <summary>EC2 filter semantics: values ORed, filters ANDed, <c>*</c> and <c>?</c> wildcards; limits on values.</summary>
internal static class Filtering
{
    public const int MaxFilterValues = 200;
    public const int MaxFilterValueLength = 255;

    /// <summary>FilterLimitExceeded when the call carries more than 200 values or a value longer than 255 characters.</summary>
    public static Ec2Error? CheckLimits(IReadOnlyList<Ec2Filter> filters, int idCount = 0)
    {
        var total = 0;
        foreach (var filter in filters)
        {
            total += filter.Values.Count;
            foreach (var value in filter.Values)
            {
                if (value.Length > MaxFilterValueLength)
                {
                    return Ec2Errors.FilterValueTooLong;
                }
            }
        }

        return total > MaxFilterValues ? Ec2Errors.TooManyFilterValues : null;
    }

    public static bool AnyMatches(IReadOnlyList<string> patterns, string? value)
    {
        if (value is null)
        {
            return false;
        }

        // By index: a foreach over the interface would allocate an enumerator for every value matched.
        for (var i = 0; i < patterns.Count; i++)
        {
            if (Glob(patterns[i], value))
            {
                return true;
            }
        }

        return false;
    }

    public static bool AnyMatches(IReadOnlyList<string> patterns, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            if (AnyMatches(patterns, value))
            {
                return true;
            }
        }

        return false;
    }

    public static bool AnyMatches(IReadOnlyList<string> patterns, bool value) => AnyMatches(patterns, value ? "true" : "false");

    /// <summary>Matches a tag filter (<c>tag:Key</c> or <c>tag-key</c>); null when the name is no tag filter.</summary>
    public static bool? MatchTag(Ec2Filter filter, TagSet tags)
    {
        if (filter.Name.StartsWith("tag:", StringComparison.Ordinal))
        {
            return tags.TryGet(filter.Name.AsSpan(4), out var value) && AnyMatches(filter.Values, value);
        }

        if (filter.Name == "tag-key")
        {
            return AnyTagMatches(filter.Values, tags, byKey: true);
        }

        if (filter.Name == "tag-value")
        {
            return AnyTagMatches(filter.Values, tags, byKey: false);
        }

        return null;
    }

    private static bool AnyTagMatches(IReadOnlyList<string> patterns, TagSet tags, bool byKey)
    {
        foreach (var (key, value) in tags.Items)
        {
            if (AnyMatches(patterns, byKey ? key : value))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Glob(string pattern, string value)
    {
        if (pattern.AsSpan().IndexOfAny('*', '?') < 0)
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
