// The append-only indexes (event id → position, stream → its events) shared by a linear chain of StoreModel values.
using System.Numerics;
using System.Runtime.CompilerServices;
using EventStore.Functional.Append;
using LanguageExt;

namespace EventStore.Functional.Memory.Internal;

/// <summary>
/// Indexes over a global log, shared by every <see cref="StoreModel"/> value of one linear history, the way a strict
/// <see cref="Seq{A}"/> shares its buffer: a value sees only entries at or below its own head, so each value stays
/// immutable to observers. Extending a value that is no longer the newest of its chain (a branch) copies the indexes.
/// Writers are serialised by a lock; readers never lock.
/// </summary>
/// <remarks>
/// Everything is held in a few flat arrays, so a stored event costs no object beyond its stamped copy (the garbage
/// collector then has little to trace and promote): a slot per global position with the event, its stream's number,
/// its batch's storage time and the position of the previous event of its stream (a chain per stream), and two
/// open-addressing tables of positions — one keyed by event id, one by stream (aggregate id and type) holding each
/// stream's last position (its number is on that slot) — whose keys are read from the slots' stamped events. A
/// stream's id string is formatted when a read first needs it and kept by number; <see cref="StoredEvent"/>s are made when they are read.
/// A writer fills a slot before it publishes the position (in a table, then as the new head), and publishes a grown
/// array before it writes to it, so a reader that reads a position first and the arrays after it always finds that
/// position's slot.
/// </remarks>
internal sealed partial class SharedIndex
{
    private readonly Lock _gate = new();
    private Slot[] _slots = new Slot[16];
    private IdEntry[] _ids = new IdEntry[32];
    private StreamEntry[] _streams = new StreamEntry[32];
    private string?[] _streamIds = new string?[16]; // by stream number; filled by readers, on first use
    private int _streamCount;
    private long _head;

    /// <summary>New indexes holding the first <paramref name="head"/> positions of <paramref name="from"/> (a branch), then <paramref name="write"/>.</summary>
    public static SharedIndex Branch(SharedIndex? from, long head, AppendDecision.Write write)
    {
        EnsureRoom(head, write.Events.Count); // before copying a log that cannot take the batch
        var index = new SharedIndex();
        for (var p = 1L; p <= head; p++)
        {
            ref readonly var slot = ref from!.SlotAt(p);
            index.Add(Prelude.Seq1(slot.Event), slot.StoredAtTicks);
        }

        index.Add(write);
        return index;
    }

    /// <summary>Extends the indexes with <paramref name="write"/>'s events if <paramref name="head"/> is still their newest head.</summary>
    /// <returns>False when another value of the chain was extended first: the caller must <see cref="Branch"/>.</returns>
    public bool TryExtend(long head, AppendDecision.Write write)
    {
        lock (_gate)
        {
            if (_head != head)
            {
                return false;
            }

            Add(write);
            return true;
        }
    }

    /// <summary>The stored form of the event at <paramref name="position"/> (1 ≤ position ≤ a published head).</summary>
    public StoredEvent At(long position)
    {
        ref readonly var slot = ref SlotAt(position);
        return new StoredEvent(slot.Event, StreamIdOf(slot), slot.Event.AggregateVersion, position, new DateTimeOffset(slot.StoredAtTicks, TimeSpan.Zero));
    }

    /// <summary>The stream id of the event at <paramref name="position"/> (1 ≤ position ≤ a published head).</summary>
    public string StreamIdAt(long position) => StreamIdOf(SlotAt(position));

    /// <summary>The (stamped) domain event at <paramref name="position"/>.</summary>
    public DomainEvent EventAt(long position) => SlotAt(position).Event;

    /// <summary>The global position of a stored id, if a snapshot with head <paramref name="head"/> sees it.</summary>
    public bool TryFind(Guid eventId, long head, out long globalPosition)
    {
        var table = Volatile.Read(ref _ids);
        var mask = table.Length - 1;
        var hash = Spread(eventId.GetHashCode());
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var p = Volatile.Read(ref table[i].Position);
            if (p == 0)
            {
                globalPosition = 0;
                return false;
            }

            // The key is the slot's event id; the stored hash spares reading the event for every other id on the probe.
            if (table[i].Hash == hash && SlotAt(p).Event.EventId == eventId)
            {
                globalPosition = p;
                return p <= head;
            }
        }
    }

    /// <summary>A stream's events (in stream order) as seen by a snapshot with head <paramref name="head"/>.</summary>
    public IReadOnlyList<StoredEvent> Stream(StreamKey stream, long head)
    {
        var p = LastOf(stream, head);
        if (p == 0)
        {
            return [];
        }

        var events = new StoredEvent[SlotAt(p).Event.AggregateVersion];
        for (var i = events.Length - 1; i >= 0; i--)
        {
            events[i] = At(p);
            p = SlotAt(p).Previous;
        }

        return events;
    }

    /// <summary>
    /// A stream's stamped events after stream position <paramref name="after"/>, in stream order, and its version, as seen by
    /// a snapshot with head <paramref name="head"/>: the slots' own events, without making <see cref="StoredEvent"/>s.
    /// </summary>
    public DomainEvent[] StreamEvents(StreamKey stream, long head, long after, out long version)
    {
        var p = LastOf(stream, head);
        version = p == 0 ? 0 : SlotAt(p).Event.AggregateVersion;
        if (version <= after)
        {
            return [];
        }

        var events = new DomainEvent[version - after];
        for (var i = events.Length - 1; i >= 0; i--)
        {
            ref readonly var slot = ref SlotAt(p);
            events[i] = slot.Event;
            p = slot.Previous;
        }

        return events;
    }

    /// <summary>A stream's version as seen by a snapshot with head <paramref name="head"/>.</summary>
    public long VersionOf(StreamKey stream, long head)
    {
        var p = LastOf(stream, head);
        return p == 0 ? 0 : SlotAt(p).Event.AggregateVersion;
    }

    // Streams hash by aggregate id alone (no string to hash per lookup); the streams of one id with several types share
    // a hash and are told apart by their type.
    private static int HashOf(Guid aggregateId) => Spread(aggregateId.GetHashCode());

    // The slot's stream id string: formatted once per stream, by the first read that needs it. Readers may race to
    // store it (the same value), and one stored in an array the writer has since replaced is formatted again: harmless.
    private string StreamIdOf(in Slot slot)
    {
        var ids = Volatile.Read(ref _streamIds);
        return ids[slot.Stream] ??= StreamKey.Format(slot.Event.AggregateId, slot.Event.AggregateType);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref readonly Slot SlotAt(long position) => ref Volatile.Read(ref _slots)[position - 1];

    // The position of the stream's last event at or below `head` (0: the snapshot does not see the stream).
    private long LastOf(StreamKey stream, long head)
    {
        var table = Volatile.Read(ref _streams);
        var i = FindStream(table, stream.AggregateId, stream.AggregateType, HashOf(stream.AggregateId));
        var p = i < 0 ? 0 : Volatile.Read(ref table[i].Last);
        while (p > head)
        {
            p = SlotAt(p).Previous;
        }

        return p;
    }

    // The index of the stream's entry in `table`, or -1 - (the empty index where it would go).
    private int FindStream(StreamEntry[] table, Guid aggregateId, string aggregateType, int hash)
    {
        var mask = table.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var p = Volatile.Read(ref table[i].Last);
            if (p == 0)
            {
                return -1 - i;
            }

            if (table[i].Hash == hash && SlotAt(p).Event is var e && e.AggregateId == aggregateId && string.Equals(e.AggregateType, aggregateType, StringComparison.Ordinal))
            {
                return i;
            }
        }
    }

    private void Add(AppendDecision.Write write) => Add(write.Events, write.StoredAt.UtcTicks);

    // The writer (under the lock, or before the index is shared), for one batch of one stream (stamped events carry
    // it): room first, then the slots, then the tables, then the head. A table entry's key is written before its
    // position, which readers read first (0: an empty entry). The stream is looked up once per batch.
    private void Add(Seq<DomainEvent> batch, long storedAtTicks)
    {
        EnsureRoom(_head, batch.Count);
        var last = _head + batch.Count;
        if (last > _slots.Length)
        {
            var grown = new Slot[(int)BitOperations.RoundUpToPowerOf2((ulong)last)];
            Array.Copy(_slots, grown, _slots.Length);
            Volatile.Write(ref _slots, grown);
        }

        while ((last + 1) * 2 > _ids.Length)
        {
            Volatile.Write(ref _ids, Grown(_ids, static e => e.Hash));
        }

        if ((_streamCount + 1) * 2 > _streams.Length)
        {
            Volatile.Write(ref _streams, Grown(_streams, static e => e.Hash));
        }

        if (_streamCount == _streamIds.Length)
        {
            var grown = new string?[_streamIds.Length * 2];
            Array.Copy(_streamIds, grown, _streamIds.Length);
            Volatile.Write(ref _streamIds, grown);
        }

        var streams = _streams;
        var first = batch[0];
        var hash = HashOf(first.AggregateId);
        var at = FindStream(streams, first.AggregateId, first.AggregateType, hash);
        long previous = at < 0 ? 0 : streams[at].Last;
        var number = at < 0 ? _streamCount : SlotAt(previous).Stream; // an existing stream's number is on its slots

        var ids = _ids;
        for (var i = 0; i < batch.Length; i++)
        {
            var e = batch[i];
            var p = _head + 1 + i;
            _slots[p - 1] = new Slot(e, storedAtTicks, (int)previous, number);
            previous = p;
            var idHash = Spread(e.EventId.GetHashCode());
            var free = FreeIndex(ids, idHash);
            ids[free].Hash = idHash;
            Volatile.Write(ref ids[free].Position, (int)p);
        }

        if (at < 0)
        {
            at = -1 - at;
            streams[at].Hash = hash;
            _streamCount++;
        }

        Volatile.Write(ref streams[at].Last, (int)last);
        Volatile.Write(ref _head, last);
    }

    /// <summary>Refuses, before anything is written, a batch that would take the log past <see cref="StoreModel.MaxEvents"/>.</summary>
    /// <exception cref="EventStoreException">The batch does not fit.</exception>
    internal static void EnsureRoom(long head, int adding)
    {
        if (head + adding > StoreModel.MaxEvents)
        {
            throw new EventStoreException(
                $"The in-memory store holds at most {StoreModel.MaxEvents:N0} events; it holds {head:N0}, and this append of {adding:N0} would exceed that. Nothing was written.");
        }
    }

    /// <summary>
    /// One global position: its stamped event, batch storage time (UTC ticks), the position of the previous event of the
    /// same stream (0: none; an int like the tables' positions) and the stream's number. 24 bytes.
    /// </summary>
    private readonly record struct Slot(DomainEvent Event, long StoredAtTicks, int Previous, int Stream);
}
