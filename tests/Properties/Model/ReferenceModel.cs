// The oracle of the properties: the whole store as a plain immutable value (a Seq log and HashMap indexes), no engine.
using EventStore.Functional.Append;
using EventStore.Functional.Reading;
using LanguageExt;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Model;

/// <summary>
/// An immutable event store written the obvious way: the global log (dense positions from 1) and two indexes, stream
/// id → its events and event id → where it is stored. Appends are decided by <see cref="AppendDecider.Decide"/> and reads
/// selected by <see cref="ReadModel"/>, exactly as every backend does; nothing here is shared between values or
/// optimised, so the properties check every store (the memory store's engine included) against it, never the reverse.
/// </summary>
internal sealed class ReferenceModel
{
    private readonly HashMap<Guid, EventLocation> _locations;

    private ReferenceModel(Seq<StoredEvent> log, HashMap<string, Seq<StoredEvent>> streams, HashMap<Guid, EventLocation> locations)
    {
        Log = log;
        Streams = streams;
        _locations = locations;
    }

    /// <summary>The empty store.</summary>
    public static ReferenceModel Empty { get; } = new(Seq<StoredEvent>(), HashMap<string, Seq<StoredEvent>>(), HashMap<Guid, EventLocation>());

    /// <summary>Every event in global order.</summary>
    public Seq<StoredEvent> Log { get; }

    /// <summary>The highest global position (0 when empty).</summary>
    public long GlobalPosition => Log.Count;

    /// <summary>Each stream's events in stream order, by stream id.</summary>
    public HashMap<string, Seq<StoredEvent>> Streams { get; }

    /// <summary>A stream's current version (0 when absent).</summary>
    public long VersionOf(StreamKey stream) => StreamOf(stream).Count;

    /// <summary>Where an event id is stored, if it is.</summary>
    public Option<EventLocation> LocationOf(Guid eventId) => _locations.Find(eventId);

    /// <summary>Whether an event id is stored.</summary>
    public bool Contains(Guid eventId) => _locations.ContainsKey(eventId);

    /// <summary>The facts an append decision needs about <paramref name="request"/>'s stream and ids.</summary>
    public StreamFacts FactsFor(AppendRequest request) =>
        new(VersionOf(request.Stream), toHashMap(request.DistinctEventIds.Choose(id => LocationOf(id).Map(at => (id, at)))));

    /// <summary>Decides and applies an append; an idempotent retry returns this very value, a conflict leaves it as it is.</summary>
    public Either<AppendRejection, (ReferenceModel Store, AppendResult Result)> Append(AppendRequest request, DateTimeOffset now) =>
        AppendDecider.Decide(request, FactsFor(request), now).Map(decision => decision switch
        {
            AppendDecision.Write write => Apply(write),
            AppendDecision.Retry retry => (this, retry.Result),
            _ => throw new InvalidOperationException($"Unknown decision {decision}."),
        });

    /// <summary>A stream's events that pass <paramref name="options"/> (stream positions).</summary>
    public IEnumerable<StoredEvent> ReadStream(StreamKey stream, ReadOptions options) =>
        ReadModel.Select([.. StreamOf(stream)], options, PositionKind.Stream);

    /// <summary>The global feed's events that pass <paramref name="options"/>.</summary>
    public IEnumerable<StoredEvent> ReadAll(ReadOptions options) => ReadModel.Select([.. Log], options, PositionKind.Global);

    /// <summary>The <see cref="EventStream"/> of <c>GetEventsAsync</c>.</summary>
    public EventStream GetEvents(StreamKey stream, long fromVersion, DateTimeOffset? fromTimestamp, DateTimeOffset? toTimestamp) =>
        GetEvents(stream, ReadModel.ForGetEvents(fromVersion, fromTimestamp, toTimestamp));

    /// <summary>The <see cref="EventStream"/> of a stream read with <paramref name="options"/>, with the stream's current version.</summary>
    public EventStream GetEvents(StreamKey stream, ReadOptions options) =>
        new(stream.AggregateId, stream.AggregateType, [.. ReadStream(stream, options).Select(e => e.Event)], VersionOf(stream));

    /// <summary>The distinct aggregate ids, in order of their first append.</summary>
    public IReadOnlyList<Guid> AggregateIds() => [.. Log.Map(e => e.AggregateId).Distinct()];

    /// <summary>Every (stamped) domain event in global order.</summary>
    public IEnumerable<DomainEvent> AllEvents() => Log.Map(e => e.Event);

    private Seq<StoredEvent> StreamOf(StreamKey stream) => Streams.Find(stream.Id).IfNone(Seq<StoredEvent>());

    /// <summary>
    /// Stores a write decided elsewhere (a group's member, by the properties' model-backed sessions): its events,
    /// positioned after the log's end, added to the log and both indexes. The caller checks that the decision's facts hold.
    /// </summary>
    public (ReferenceModel Store, AppendResult Result) Apply(AppendDecision.Write write)
    {
        var version = VersionOf(write.Stream);
        var stored = toSeq(write.Events.Select((e, i) => new StoredEvent(e, write.Stream.Id, version + 1 + i, GlobalPosition + 1 + i, write.StoredAt))).Strict();
        var locations = stored.Fold(_locations, (map, e) => map.Add(e.EventId, new EventLocation(e.StreamId, e.StreamPosition, e.GlobalPosition)));
        var next = new ReferenceModel(Log + stored, Streams.AddOrUpdate(write.Stream.Id, StreamOf(write.Stream) + stored), locations);
        return (next, write.ResultAt(next.GlobalPosition));
    }
}
