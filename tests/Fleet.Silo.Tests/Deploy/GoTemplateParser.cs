using System.Globalization;
using System.Text;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>
/// Parses the subset of Go's text/template that Fleet's Helm chart uses (helm cannot run on this project's machines):
/// text; actions with pipelines of fields (<c>.Values.a.b</c>), variables (<c>$</c>, <c>$x</c>), string and number
/// literals, parenthesised pipelines and function calls; <c>{{-</c> / <c>-}}</c> whitespace trimming; comments;
/// <c>if</c>/<c>else if</c>/<c>else</c>, <c>with</c>, <c>range</c> (with <c>$k, $v :=</c>), <c>define</c>, and
/// variable declarations. Anything else is an error naming the template, so a chart change that needs more fails the test
/// rather than rendering wrongly.
/// </summary>
internal static class GoTemplateParser
{
    /// <summary>Parses a template's text into nodes, adding every <c>define</c> to <paramref name="defines"/>.</summary>
    public static IReadOnlyList<TemplateNode> Parse(string name, string text, IDictionary<string, IReadOnlyList<TemplateNode>> defines)
    {
        var items = Lex(name, text);
        var position = 0;
        var nodes = ParseList(name, items, ref position, defines, out var terminator);
        if (terminator is not null)
        {
            throw new TemplateException($"{name}: unexpected {{{{{terminator}}}}}");
        }

        return nodes;
    }

    private static List<TemplateNode> ParseList(string name, List<LexItem> items, ref int position,
        IDictionary<string, IReadOnlyList<TemplateNode>> defines, out string? terminator)
    {
        var nodes = new List<TemplateNode>();
        while (position < items.Count)
        {
            var item = items[position++];
            if (item.IsText)
            {
                nodes.Add(new TextNode(item.Value));
                continue;
            }

            var action = item.Value.Trim();
            var keyword = action.Split(' ', 2)[0];
            var rest = action.Length > keyword.Length ? action[keyword.Length..].Trim() : string.Empty;
            switch (keyword)
            {
                case "end":
                case "else":
                    terminator = action;
                    return nodes;
                case "if":
                    nodes.Add(ParseIf(name, rest, items, ref position, defines));
                    break;
                case "with":
                case "range":
                    var pipeline = PipelineParser.Parse(name, rest);
                    var body = ParseList(name, items, ref position, defines, out var end);
                    List<TemplateNode>? otherwise = null;
                    if (end == "else")
                    {
                        otherwise = ParseList(name, items, ref position, defines, out end);
                    }

                    Expect(name, end, "end", keyword);
                    nodes.Add(keyword == "with" ? new WithNode(pipeline, body, otherwise) : new RangeNode(pipeline, body, otherwise));
                    break;
                case "define":
                    var defined = PipelineParser.Unquote(name, rest);
                    defines[defined] = ParseList(name, items, ref position, defines, out var defineEnd);
                    Expect(name, defineEnd, "end", "define");
                    break;
                case "template":
                case "block":
                case "break":
                case "continue":
                    throw new TemplateException($"{name}: {{{{{keyword}}}}} is not supported by this renderer");
                default:
                    nodes.Add(new ActionNode(PipelineParser.Parse(name, action)));
                    break;
            }
        }

        terminator = null;
        return nodes;
    }

    private static IfNode ParseIf(string name, string condition, List<LexItem> items, ref int position, IDictionary<string, IReadOnlyList<TemplateNode>> defines)
    {
        var then = ParseList(name, items, ref position, defines, out var end);
        IReadOnlyList<TemplateNode>? otherwise = null;
        if (end is not null && end.StartsWith("else if ", StringComparison.Ordinal))
        {
            otherwise = [ParseIf(name, end["else if ".Length..].Trim(), items, ref position, defines)];
            return new IfNode(PipelineParser.Parse(name, condition), then, otherwise);
        }

        if (end == "else")
        {
            otherwise = ParseList(name, items, ref position, defines, out end);
        }

        Expect(name, end, "end", "if");
        return new IfNode(PipelineParser.Parse(name, condition), then, otherwise);
    }

    private static void Expect(string name, string? found, string expected, string opened)
    {
        if (found != expected)
        {
            throw new TemplateException($"{name}: {{{{{opened}}}}} closed by {(found is null ? "the end of the file" : $"{{{{{found}}}}}")}, expected {{{{{expected}}}}}");
        }
    }

    /// <summary>Splits text and actions, applying the trim markers and dropping comments.</summary>
    private static List<LexItem> Lex(string name, string text)
    {
        var items = new List<LexItem>();
        var position = 0;
        var trimNext = false;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            var chunk = open < 0 ? text[position..] : text[position..open];
            if (trimNext)
            {
                chunk = chunk.TrimStart();
            }

            if (open < 0)
            {
                items.Add(new LexItem(true, chunk));
                break;
            }

            var trimBefore = text.AsSpan(open + 2).StartsWith("- ") || text.AsSpan(open + 2).StartsWith("-\n");
            items.Add(new LexItem(true, trimBefore ? chunk.TrimEnd() : chunk));
            var start = open + 2 + (trimBefore ? 1 : 0);
            var close = FindClose(name, text, start);
            var trimAfter = text[close - 1] == '-' && char.IsWhiteSpace(text[close - 2]);
            var body = text[start..(trimAfter ? close - 1 : close)].Trim();
            if (!(body.StartsWith("/*", StringComparison.Ordinal) && body.EndsWith("*/", StringComparison.Ordinal)))
            {
                items.Add(new LexItem(false, body));
            }

            trimNext = trimAfter;
            position = close + 2;
        }

        return items;
    }

    /// <summary>The index of the <c>}}</c> closing an action, skipping quoted strings.</summary>
    private static int FindClose(string name, string text, int start)
    {
        for (var i = start; i < text.Length - 1; i++)
        {
            if (text[i] is '"' or '`')
            {
                var quote = text[i];
                for (i++; i < text.Length && text[i] != quote; i++)
                {
                    if (quote == '"' && text[i] == '\\')
                    {
                        i++;
                    }
                }
            }
            else if (text[i] == '}' && text[i + 1] == '}')
            {
                return i;
            }
        }

        throw new TemplateException($"{name}: an action opened at {start} is never closed");
    }

    private readonly record struct LexItem(bool IsText, string Value);
}

/// <summary>A rendering or parsing error, as <c>helm template</c> would report it (e.g. a <c>required</c> value).</summary>
internal sealed class TemplateException(string message) : Exception(message);
