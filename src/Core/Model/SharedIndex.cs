// The append-only indexes (event id → position, stream → events) shared by a linear chain of StoreModel values.
using System.Collections.Concurrent;
using LanguageExt;

namespace EventStore.Functional.Model;

/// <summary>
/// Indexes over a global log, shared by every <see cref="StoreModel"/> value of one linear history, the way a strict
/// <see cref="Seq{A}"/> shares its buffer: a value sees only entries at or below its own head, so each value stays
/// immutable to observers. Extending a value that is no longer the newest of its chain (a branch) copies the indexes.
/// Writers are serialised by a lock; readers never lock.
/// </summary>
internal sealed class SharedIndex
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<Guid, long> _positions = new();
    private readonly ConcurrentDictionary<string, StreamEvents> _streams = new(StringComparer.Ordinal);
    private long _head;

    /// <summary>New indexes over an existing log (a branch, or the first append of a chain).</summary>
    public static SharedIndex Of(Seq<StoredEvent> log)
    {
        var index = new SharedIndex();
        index.AddAll(log);
        return index;
    }

    /// <summary>Extends the indexes with <paramref name="stored"/> if <paramref name="head"/> is still their newest head.</summary>
    /// <returns>False when another value of the chain was extended first: the caller must branch with <see cref="Of"/>.</returns>
    public bool TryExtend(long head, Seq<StoredEvent> stored)
    {
        lock (_gate)
        {
            if (_head != head)
            {
                return false;
            }

            AddAll(stored);
            return true;
        }
    }

    /// <summary>The global position of a stored id, if a snapshot with head <paramref name="head"/> sees it.</summary>
    public bool TryFind(Guid eventId, long head, out long globalPosition) =>
        _positions.TryGetValue(eventId, out globalPosition) && globalPosition <= head;

    /// <summary>A stream's events as seen by a snapshot with head <paramref name="head"/>.</summary>
    public IReadOnlyList<StoredEvent> Stream(string streamId, long head) =>
        _streams.TryGetValue(streamId, out var events) ? events.UpTo(head) : [];

    /// <summary>A stream's version as seen by a snapshot with head <paramref name="head"/>.</summary>
    public long VersionOf(string streamId, long head) => _streams.TryGetValue(streamId, out var events) ? events.VersionAt(head) : 0;

    private void AddAll(Seq<StoredEvent> stored)
    {
        foreach (var e in stored)
        {
            _streams.GetOrAdd(e.StreamId, static _ => new StreamEvents()).Add(e);
            _positions[e.EventId] = e.GlobalPosition;
            Volatile.Write(ref _head, e.GlobalPosition);
        }
    }
}
