// One stream's events inside a SharedIndex: append-only, published as immutable segments so readers never lock.
namespace EventStore.Functional.Model;

/// <summary>
/// A stream's stored events in stream order. Only the writer of the owning <see cref="SharedIndex"/> appends (under its
/// lock); readers take the current <see cref="Segment"/> and see a stable prefix of it, bounded by their snapshot.
/// </summary>
internal sealed class StreamEvents
{
    private Segment _segment = new([], 0);

    /// <summary>The events up to a snapshot's head (global position), as a list view (no copy).</summary>
    public IReadOnlyList<StoredEvent> UpTo(long head)
    {
        var segment = Volatile.Read(ref _segment);
        return new Prefix(segment.Items, segment.CountUpTo(head));
    }

    /// <summary>How many of the stream's events a snapshot with head <paramref name="head"/> sees (its version).</summary>
    public long VersionAt(long head) => Volatile.Read(ref _segment).CountUpTo(head);

    /// <summary>Appends one event (the owning index's writer only).</summary>
    public void Add(StoredEvent e)
    {
        var segment = _segment;
        var items = segment.Items;
        if (segment.Count == items.Length)
        {
            Array.Resize(ref items, Math.Max(4, items.Length * 2));
        }

        items[segment.Count] = e;
        Volatile.Write(ref _segment, new Segment(items, segment.Count + 1));
    }

    // Slots below Count are written before the segment is published and never rewritten.
    private sealed record Segment(StoredEvent[] Items, int Count)
    {
        public int CountUpTo(long head)
        {
            if (Count == 0 || Items[Count - 1].GlobalPosition <= head)
            {
                return Count;
            }

            int lo = 0, hi = Count;
            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                if (Items[mid].GlobalPosition <= head)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }

    private sealed class Prefix(StoredEvent[] items, int count) : IReadOnlyList<StoredEvent>
    {
        public StoredEvent this[int index] => (uint)index < (uint)count ? items[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => count;

        public IEnumerator<StoredEvent> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return items[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
