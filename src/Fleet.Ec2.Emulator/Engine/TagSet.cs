namespace Fleet.Ec2.Emulator.Engine;

/// <summary>The tags of one resource, in the order they were first set.</summary>
internal sealed class TagSet
{
    public const int MaxTags = 50;
    private readonly List<KeyValuePair<string, string>> _items = [];
    private IReadOnlyList<Ec2Tag>? _view;

    public int Count => _items.Count;

    public bool TryGet(string key, out string value) => TryGet(key.AsSpan(), out value);

    /// <summary>The value of the tag <paramref name="key"/> (ordinal), without a string for the key (a filter's name past <c>tag:</c>).</summary>
    public bool TryGet(ReadOnlySpan<char> key, out string value)
    {
        foreach (var (k, v) in _items)
        {
            if (key.SequenceEqual(k))
            {
                value = v;
                return true;
            }
        }

        value = "";
        return false;
    }

    public bool ContainsKey(string key) => TryGet(key, out _);

    public void Set(string key, string value)
    {
        _view = null;
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key == key)
            {
                _items[i] = new(key, value);
                return;
            }
        }

        _items.Add(new(key, value));
    }

    public void Remove(string key, string? value) =>
        _view = _items.RemoveAll(t => t.Key == key && (value is null || t.Value == value)) > 0 ? null : _view;

    public void Clear()
    {
        _items.Clear();
        _view = null;
    }

    /// <summary>The tags as an immutable snapshot (cached until the next change).</summary>
    public IReadOnlyList<Ec2Tag> View() => _view ??= [.. _items.Select(t => new Ec2Tag(t.Key, t.Value))];

    public IEnumerable<KeyValuePair<string, string>> Items => _items;
}
