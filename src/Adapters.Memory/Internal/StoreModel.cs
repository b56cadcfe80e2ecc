// The memory store's engine: the whole event store as one immutable value over shared indexes, transformed by the pure core.
using EventStore.Functional.Append;
using EventStore.Functional.Codec;
using EventStore.Functional.Reading;
using LanguageExt;

namespace EventStore.Functional.Memory.Internal;

/// <summary>
/// An immutable event store: the global log (dense positions from 1) with indexes of streams and event ids.
/// <see cref="Append(AppendRequest, DateTimeOffset)"/> returns a new value and leaves this one as it was; the in-memory store swaps values atomically.
/// It is the engine, not the oracle: tests check it against the plain <c>Model.ReferenceModel</c> of tests/Properties. Like a strict <see cref="Seq{A}"/>, a
/// chain of values shares its buffers, so extending the newest value costs O(1) amortised; extending an older value
/// (a branch) first copies them.
/// </summary>
internal sealed class StoreModel
{
    private readonly SharedIndex? _index;

    private StoreModel(SharedIndex? index, long head)
    {
        _index = index;
        GlobalPosition = head;
    }

    /// <summary>
    /// The most events one chain of values (and so one <c>InMemoryEventStore</c>) holds: 536,870,911. Its id table keeps
    /// twice as many entries as events, rounded up to a power of two, in one array. An append past it fails with an
    /// <see cref="EventStoreException"/> and writes nothing.
    /// </summary>
    public static long MaxEvents { get; } = (1L << 29) - 1;

    /// <summary>The empty store.</summary>
    public static StoreModel Empty { get; } = new(null, 0);

    /// <summary>Every event in global order: a view (O(1) indexing; each access makes the <see cref="StoredEvent"/>).</summary>
    public IReadOnlyList<StoredEvent> Events => new LogView(_index, GlobalPosition); // made when read: appends make none

    /// <summary>Every event in global order, copied into a <see cref="Seq{A}"/> in O(n), for tests and diagnostics.</summary>
    public Seq<StoredEvent> Log => Events.ToSeq().Strict();

    /// <summary>The highest global position (0 when empty).</summary>
    public long GlobalPosition { get; }

    /// <summary>Each stream's events in stream order, by stream id: a view built on demand in O(n), for tests and diagnostics.</summary>
    public HashMap<string, Seq<StoredEvent>> Streams =>
        Events.Fold(HashMap<string, Seq<StoredEvent>>.Empty, (map, e) => map.AddOrUpdate(e.StreamId, s => s.Add(e), () => Prelude.Seq1(e)));

    /// <summary>A stream's current version (0 when absent).</summary>
    public long VersionOf(StreamKey stream) => _index?.VersionOf(stream, GlobalPosition) ?? 0;

    /// <summary>Where an event id is stored, if it is.</summary>
    public Option<EventLocation> LocationOf(Guid eventId)
    {
        if (_index is null || !_index.TryFind(eventId, GlobalPosition, out var position))
        {
            return Option<EventLocation>.None;
        }

        var e = _index.At(position);
        return new EventLocation(e.StreamId, e.StreamPosition, e.GlobalPosition);
    }

    /// <summary>Whether an event id is stored.</summary>
    public bool Contains(Guid eventId) => _index is not null && _index.TryFind(eventId, GlobalPosition, out _);

    /// <summary>The facts an append decision needs about <paramref name="request"/>'s stream and ids.</summary>
    public StreamFacts FactsFor(AppendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existing = HashMap<Guid, EventLocation>.Empty;
        foreach (var e in request.Events)
        {
            if (LocationOf(e.EventId).Case is EventLocation at)
            {
                existing = existing.AddOrUpdate(e.EventId, at);
            }
        }

        return new StreamFacts(VersionOf(request.Stream), existing);
    }

    /// <summary>Decides and applies an append (see <see cref="AppendDecider.Decide"/>); a conflict leaves this value as it is.</summary>
    /// <exception cref="EventStoreException">The batch would take the log past <see cref="MaxEvents"/>.</exception>
    public Either<AppendRejection, Appended> Append(AppendRequest request, DateTimeOffset now) => Append(request, now, codec: null);

    /// <summary>
    /// Decides and applies an append as <see cref="Append(AppendRequest, DateTimeOffset)"/>, refusing first, as a store
    /// that writes payloads would, a decided event <paramref name="codec"/>'s payload rules cannot encode.
    /// </summary>
    /// <exception cref="ArgumentException">A new event of the batch cannot be encoded (see <see cref="EventCodec"/>); nothing is applied.</exception>
    public Either<AppendRejection, Appended> Append(AppendRequest request, DateTimeOffset now, EventRegistry? codec) =>
        AppendDecider.Decide(request, FactsFor(request), now).Case switch // a switch, not Map: no closure on every append
        {
            AppendDecision.Write write => Apply(write, codec),
            AppendDecision.Retry retry => new Appended(this, retry.Result),
            AppendRejection rejection => rejection,
            var other => throw new InvalidOperationException($"Unknown decision {other}."),
        };

    /// <summary>A stream's events that pass <paramref name="options"/> (stream positions).</summary>
    public IEnumerable<StoredEvent> ReadStream(StreamKey stream, ReadOptions options) =>
        ReadModel.Select(_index?.Stream(stream, GlobalPosition) ?? [], options, PositionKind.Stream);

    /// <summary>The global feed's events that pass <paramref name="options"/>.</summary>
    public IEnumerable<StoredEvent> ReadAll(ReadOptions options) => ReadModel.Select(Events, options, PositionKind.Global);

    /// <summary>The <see cref="EventStream"/> of <c>GetEventsAsync</c>.</summary>
    public EventStream GetEvents(StreamKey stream, long fromVersion, DateTimeOffset? fromTimestamp, DateTimeOffset? toTimestamp) =>
        GetEvents(stream, ReadModel.ForGetEvents(fromVersion, fromTimestamp, toTimestamp));

    /// <summary>The <see cref="EventStream"/> of a stream read with <paramref name="options"/>, with the stream's current version.</summary>
    public EventStream GetEvents(StreamKey stream, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Direction != ReadDirection.Forward || options.Limit is not null)
        {
            return new(stream.AggregateId, stream.AggregateType, [.. ReadStream(stream, options).Select(e => e.Event)], VersionOf(stream));
        }

        // Forward and unlimited (GetEventsAsync): the stored events themselves, filtered as ReadModel filters a stream read.
        options.Validate();
        long version = 0;
        var events = _index?.StreamEvents(stream, GlobalPosition, options.FromPosition, out version) ?? [];
        return new(stream.AggregateId, stream.AggregateType, ReadModel.Filters(options) ? [.. events.Where(e => ReadModel.MatchesFilters(e, options))] : events, version);
    }

    /// <summary>The distinct aggregate ids, in order of their first append.</summary>
    public IReadOnlyList<Guid> AggregateIds() => [.. AllEvents().Select(e => e.AggregateId).Distinct()];

    /// <summary>Every (stamped) domain event in global order.</summary>
    public IEnumerable<DomainEvent> AllEvents()
    {
        for (var p = 1L; p <= GlobalPosition; p++)
        {
            yield return _index!.EventAt(p);
        }
    }

    private Appended Apply(AppendDecision.Write write, EventRegistry? codec)
    {
        if (codec is not null)
        {
            EventCodec.CheckForAppend(write.Events, codec);
        }

        var head = GlobalPosition;
        var index = _index is not null && _index.TryExtend(head, write) ? _index : SharedIndex.Branch(_index, head, write);
        var last = head + write.Events.Count;
        return new Appended(new StoreModel(index, last), write.ResultAt(last));
    }

    // The log as a list, read from the shared slots up to this value's head.
    private sealed class LogView(SharedIndex? index, long head) : IReadOnlyList<StoredEvent>
    {
        public int Count => (int)head;

        public StoredEvent this[int i] => (uint)i < (uint)head ? index!.At(i + 1L) : throw new ArgumentOutOfRangeException(nameof(i));

        public IEnumerator<StoredEvent> GetEnumerator()
        {
            for (var p = 1L; p <= head; p++)
            {
                yield return index!.At(p);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
