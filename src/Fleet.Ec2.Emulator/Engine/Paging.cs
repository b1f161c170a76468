using System.Globalization;
using System.Text;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>Opaque pagination tokens: a position (ENI sequence or list offset) under a kind tag, base64url-encoded.</summary>
internal static class Paging
{
    public static string Encode(string kind, long position) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{position}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string kind, string? token, out long position)
    {
        position = 0;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            return text.StartsWith(kind + ":", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(kind.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out position);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Validates MaxResults against the action's range.</summary>
    public static Ec2Error? CheckMaxResults(int? maxResults, int min, int max) =>
        maxResults is { } m && (m < min || m > max) ? Ec2Errors.MaxResultsOutOfRange(m, min, max) : null;

    /// <summary>Pages a list by offset.</summary>
    public static Ec2Result<PageOf<T>> Page<T>(IReadOnlyList<T> items, string kind, int? maxResults, string? nextToken, int defaultPage = int.MaxValue)
        where T : class
    {
        if (!TryDecode(kind, nextToken, out var start) || start < 0 || start > items.Count)
        {
            return Ec2Errors.BadPaginationToken(nextToken ?? "");
        }

        var size = maxResults ?? defaultPage;
        var end = (int)Math.Min(items.Count, start + (long)size);
        var page = new List<T>(end - (int)start);
        for (var i = (int)start; i < end; i++)
        {
            page.Add(items[i]);
        }

        return new PageOf<T>(page, end < items.Count ? Encode(kind, end) : null);
    }
}

/// <summary>One page and the token of the next.</summary>
internal sealed record PageOf<T>(IReadOnlyList<T> Items, string? NextToken);
