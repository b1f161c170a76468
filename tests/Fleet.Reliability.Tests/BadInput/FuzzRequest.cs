using System.Text;

namespace Fleet.Reliability.Tests.BadInput;

/// <summary>One generated HTTP request; <see cref="Instance"/> is the node it concerns, if any.</summary>
internal sealed record FuzzRequest(string Kind, HttpMethod Method, string Path, string? ContentType, byte[]? Body, string? Authorization, string? Instance)
{
    public bool Mutates => Method == HttpMethod.Put || Method == HttpMethod.Post || Method == HttpMethod.Patch || Method == HttpMethod.Delete;

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.ContentType = null;
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        if (Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        return message;
    }

    public override string ToString() =>
        $"{Kind}: {Method} {Truncate(Path)} [{ContentType}] auth={Truncate(Authorization ?? "-")} body={Truncate(Body is null ? "-" : Encoding.UTF8.GetString(Body))}";

    private static string Truncate(string text) => text.Length <= 120 ? text : text[..120] + $"…({text.Length})";
}
