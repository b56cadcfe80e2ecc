// Reuses the strings of a column whose values repeat (stream ids of a batch, event type names) instead of allocating one per row.
using System.Text;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>A small most-recent cache from UTF-8 column bytes to strings; one per read page, not thread-safe.</summary>
internal sealed class Utf8Strings(int capacity)
{
    private readonly byte[][] _keys = new byte[capacity][];
    private readonly string[] _values = new string[capacity];
    private int _count;
    private int _next;

    /// <summary>The string of <paramref name="utf8"/>, reusing an earlier equal one when cached.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _count; i++)
        {
            if (utf8.SequenceEqual(_keys[i]))
            {
                return _values[i];
            }
        }

        var value = Encoding.UTF8.GetString(utf8);
        _keys[_next] = utf8.ToArray();
        _values[_next] = value;
        _next = (_next + 1) % _keys.Length;
        _count = Math.Max(_count, _next == 0 ? _keys.Length : _next);
        return value;
    }
}
