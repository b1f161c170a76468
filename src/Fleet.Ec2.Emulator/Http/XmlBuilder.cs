using System.Globalization;
using System.Text;

namespace Fleet.Ec2.Emulator.Http;

/// <summary>A small forward-only XML writer for EC2 responses (element names as EC2's; text escaped).</summary>
internal sealed class XmlBuilder
{
    public const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

    [ThreadStatic]
    private static StringBuilder? t_cache;

    private readonly StringBuilder _text;

    private XmlBuilder(StringBuilder text) => _text = text;

    /// <summary>Starts a document whose root is <paramref name="root"/> in EC2's namespace.</summary>
    public static XmlBuilder Start(string root)
    {
        var text = t_cache ?? new StringBuilder(4096);
        t_cache = null;
        text.Clear();
        text.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").Append(root).Append(" xmlns=\"").Append(Namespace).Append("\">");
        return new XmlBuilder(text);
    }

    /// <summary>Starts an error document (EC2's error envelope has no namespace).</summary>
    public static XmlBuilder StartBare(string root)
    {
        var text = t_cache ?? new StringBuilder(512);
        t_cache = null;
        text.Clear();
        text.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").Append(root).Append('>');
        return new XmlBuilder(text);
    }

    public XmlBuilder Open(string name)
    {
        _text.Append('<').Append(name).Append('>');
        return this;
    }

    public XmlBuilder Close(string name)
    {
        _text.Append("</").Append(name).Append('>');
        return this;
    }

    public XmlBuilder Empty(string name)
    {
        _text.Append('<').Append(name).Append("/>");
        return this;
    }

    public XmlBuilder Element(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _text.Append('<').Append(name).Append('>');
        Escape(value);
        _text.Append("</").Append(name).Append('>');
        return this;
    }

    public XmlBuilder Element(string name, int value)
    {
        _text.Append('<').Append(name).Append('>').Append(value.ToString(CultureInfo.InvariantCulture)).Append("</").Append(name).Append('>');
        return this;
    }

    public XmlBuilder Element(string name, long value)
    {
        _text.Append('<').Append(name).Append('>').Append(value.ToString(CultureInfo.InvariantCulture)).Append("</").Append(name).Append('>');
        return this;
    }

    public XmlBuilder Element(string name, bool value) => Element(name, value ? "true" : "false");

    public XmlBuilder Element(string name, DateTimeOffset value) =>
        Element(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>A list as EC2 writes it: <c>&lt;name&gt;&lt;item&gt;…&lt;/item&gt;…&lt;/name&gt;</c>, or <c>&lt;name/&gt;</c> when empty.</summary>
    public XmlBuilder Set<T>(string name, IReadOnlyList<T> items, Action<XmlBuilder, T> item)
    {
        if (items.Count == 0)
        {
            return Empty(name);
        }

        Open(name);
        foreach (var value in items)
        {
            Open("item");
            item(this, value);
            Close("item");
        }

        return Close(name);
    }

    public XmlBuilder Tags(IReadOnlyList<Ec2Tag> tags) =>
        Set("tagSet", tags, static (x, t) => x.Element("key", t.Key).Element("value", t.Value));

    /// <summary>Closes the root and returns the UTF-8 document.</summary>
    public byte[] Finish(string root)
    {
        _text.Append("</").Append(root).Append('>');
        var bytes = Encoding.UTF8.GetBytes(_text.ToString());
        if (_text.Capacity <= 1 << 20)
        {
            t_cache = _text;
        }

        return bytes;
    }

    /// <summary>
    /// Escapes markup, and replaces characters XML 1.0 cannot carry at all (control characters but tab, line feed and
    /// carriage return; U+FFFE, U+FFFF) with U+FFFD: a request value echoed into an error message (a NUL in an id) must
    /// not make the whole answer unreadable (found by the reliability suite's malformed-request test).
    /// </summary>
    private void Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("<>&\"'") < 0 && value.AsSpan().IndexOfAnyInRange('\0', '\u001f') < 0 && value.AsSpan().IndexOfAny('\uFFFE', '\uFFFF') < 0)
        {
            _text.Append(value);
            return;
        }

        foreach (var c in value)
        {
            _ = c switch
            {
                '<' => _text.Append("&lt;"),
                '>' => _text.Append("&gt;"),
                '&' => _text.Append("&amp;"),
                '"' => _text.Append("&quot;"),
                '\'' => _text.Append("&apos;"),
                '\t' or '\n' or '\r' => _text.Append(c),
                < ' ' or '\uFFFE' or '\uFFFF' => _text.Append('\uFFFD'),
                _ => _text.Append(c),
            };
        }
    }
}
