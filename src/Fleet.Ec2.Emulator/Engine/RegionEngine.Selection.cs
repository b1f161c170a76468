namespace Fleet.Ec2.Emulator.Engine;

/// <summary>The common shape of Describe*: check limits and filter names, resolve ids, filter, then page.</summary>
internal sealed partial class RegionEngine
{
    private static readonly string[] s_tagFilters = ["tag-key", "tag-value"];

    private static Ec2Error? CheckFilters(IReadOnlyList<Ec2Filter> filters, IReadOnlySet<string> known)
    {
        if (Filtering.CheckLimits(filters) is { } limit)
        {
            return limit;
        }

        foreach (var filter in filters)
        {
            if (!known.Contains(filter.Name) && !filter.Name.StartsWith("tag:", StringComparison.Ordinal) && !s_tagFilters.Contains(filter.Name))
            {
                return Ec2Errors.UnknownFilter(filter.Name);
            }
        }

        return null;
    }

    private static bool MatchesAll<T>(T item, IReadOnlyList<Ec2Filter> filters, TagSet tags, Func<T, Ec2Filter, bool> match)
    {
        // By index: a foreach over the interface would allocate an enumerator for every item matched.
        for (var i = 0; i < filters.Count; i++)
        {
            var matched = Filtering.MatchTag(filters[i], tags) ?? match(item, filters[i]);
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Selection over a list that ids index: ids (all must exist) or the whole list, then filters, then a page.</summary>
    private static Ec2Result<PageOf<T>> Select<T>(
        SelectionQuery query,
        IReadOnlyList<T> all,
        Func<string, T?> byId,
        Func<IReadOnlyList<string>, Ec2Error> notFound,
        Func<T, TagSet> tagsOf,
        Func<T, Ec2Filter, bool> match)
        where T : class
    {
        if (CheckFilters(query.Filters, query.KnownFilters) is { } error)
        {
            return error;
        }

        if (query.MaxResults is not null && query.Ids.Count > 0 && query.RejectIdsWithMaxResults)
        {
            return Ec2Errors.Combination("The parameter ids cannot be used with the parameter maxResults");
        }

        if (Paging.CheckMaxResults(query.MaxResults, query.MinPage, query.MaxPage) is { } range)
        {
            return range;
        }

        IReadOnlyList<T> candidates = all;
        if (query.Ids.Count > 0)
        {
            var found = new List<T>(query.Ids.Count);
            var missing = new List<string>();
            foreach (var id in query.Ids.Distinct(StringComparer.Ordinal))
            {
                if (byId(id) is { } item)
                {
                    found.Add(item);
                }
                else
                {
                    missing.Add(id);
                }
            }

            if (missing.Count > 0)
            {
                return notFound(missing);
            }

            candidates = found;
        }

        if (query.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        var matching = query.Filters.Count == 0 ? candidates : candidates.Where(c => MatchesAll(c, query.Filters, tagsOf(c), match)).ToList();
        return Paging.Page(matching, query.Kind, query.MaxResults, query.NextToken, query.DefaultPage);
    }

    private sealed record SelectionQuery(
        string Kind,
        IReadOnlyList<string> Ids,
        IReadOnlyList<Ec2Filter> Filters,
        IReadOnlySet<string> KnownFilters,
        int? MaxResults,
        string? NextToken,
        bool DryRun,
        int MinPage = 5,
        int MaxPage = 1000,
        int DefaultPage = int.MaxValue,
        bool RejectIdsWithMaxResults = false);
}
