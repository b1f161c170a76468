using System.Buffers.Text;
using System.Text;

namespace Fleet.Silo.Api;

/// <summary>
/// The opaque tokens of the node listing (<c>continuation</c>) and of the change feed (<c>since</c>): base64url of a
/// tagged value, so clients pass them back unchanged and never build them. A token that does not decode to its kind is
/// refused with <see cref="ProblemTypes.InvalidContinuation"/>.
/// </summary>
internal static class ContinuationTokens
{
    private const string PagePrefix = "p1:";
    private const string FeedPrefix = "f1:";
    private const int MaxTokenLength = 256;

    /// <summary>The token that resumes a listing after <paramref name="lastInstanceId"/>.</summary>
    public static string ForPage(string lastInstanceId) => Encode(PagePrefix + lastInstanceId);

    /// <summary>Reads a listing token; false when it is not one.</summary>
    public static bool TryReadPage(string token, out string lastInstanceId)
    {
        lastInstanceId = "";
        if (Decode(token) is not { } text || !text.StartsWith(PagePrefix, StringComparison.Ordinal) || text.Length == PagePrefix.Length)
        {
            return false;
        }

        lastInstanceId = text[PagePrefix.Length..];
        return true;
    }

    /// <summary>The cursor that resumes the change feed after <paramref name="sequence"/> of <paramref name="epoch"/>.</summary>
    public static string ForFeed(string epoch, long sequence) => Encode($"{FeedPrefix}{epoch}.{sequence}");

    /// <summary>Reads a change-feed cursor; false when it is not one.</summary>
    public static bool TryReadFeed(string token, out string epoch, out long sequence)
    {
        (epoch, sequence) = ("", 0);
        if (Decode(token) is not { } text || !text.StartsWith(FeedPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = text.AsSpan(FeedPrefix.Length);
        var dot = body.LastIndexOf('.');
        if (dot <= 0 || !long.TryParse(body[(dot + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        epoch = body[..dot].ToString();
        return true;
    }

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string? Decode(string token)
    {
        if (token.Length is 0 or > MaxTokenLength || !Base64Url.IsValid(token))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.Any(char.IsControl) ? null : text;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
