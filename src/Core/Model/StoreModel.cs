// The whole event store as one immutable value, transformed by the pure core: the reference model of every backend.
using EventStore.Functional.Append;
using EventStore.Functional.Reading;
using LanguageExt;

namespace EventStore.Functional.Model;

/// <summary>
/// An immutable event store: the global log (dense positions from 1), each stream's events, and every event id's location.
/// <see cref="Append"/> returns a new value; the in-memory store swaps it atomically, and tests use it as the model
/// against which the other backends are checked.
/// </summary>
public sealed record StoreModel
{
    private StoreModel(Seq<StoredEvent> log, HashMap<string, Seq<StoredEvent>> streams, HashMap<Guid, EventLocation> locations)
    {
        Log = log;
        Streams = streams;
        Locations = locations;
    }

    /// <summary>The empty store.</summary>
    public static StoreModel Empty { get; } = new(Seq<StoredEvent>.Empty, HashMap<string, Seq<StoredEvent>>.Empty, HashMap<Guid, EventLocation>.Empty);

    /// <summary>Every event in global order.</summary>
    public Seq<StoredEvent> Log { get; }

    /// <summary>Each stream's events in stream order, by stream id.</summary>
    public HashMap<string, Seq<StoredEvent>> Streams { get; }

    /// <summary>Where each stored event id lives.</summary>
    public HashMap<Guid, EventLocation> Locations { get; }

    /// <summary>The highest global position (0 when empty).</summary>
    public long GlobalPosition => Log.Count;

    /// <summary>A stream's current version (0 when absent).</summary>
    public long VersionOf(StreamKey stream) => Streams.Find(stream.Id).Map(s => (long)s.Count).IfNone(0L);

    /// <summary>The facts an append decision needs about <paramref name="request"/>'s stream and ids.</summary>
    public StreamFacts FactsFor(AppendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var existing = HashMap<Guid, EventLocation>.Empty;
        foreach (var id in request.Events.Map(e => e.EventId))
        {
            if (Locations.Find(id).Case is EventLocation at)
            {
                existing = existing.AddOrUpdate(id, at);
            }
        }

        return new StreamFacts(VersionOf(request.Stream), existing);
    }

    /// <summary>Decides and applies an append (see <see cref="Decider.Decide"/>); a conflict leaves this value as it is.</summary>
    /// <exception cref="DuplicateEventException">An id of the batch is stored in another stream.</exception>
    public Either<ConflictError, Appended> Append(AppendRequest request, DateTimeOffset now) =>
        Decider.Decide(request, FactsFor(request), now).Map(decision => decision switch
        {
            AppendDecision.Write write => Apply(write),
            AppendDecision.Retry retry => new Appended(this, retry.Result),
            _ => throw new InvalidOperationException($"Unknown decision {decision}."),
        });

    /// <summary>A stream's events that pass <paramref name="options"/> (stream positions).</summary>
    public IEnumerable<StoredEvent> ReadStream(StreamKey stream, ReadOptions options) =>
        ReadModel.Select(new SeqView<StoredEvent>(Streams.Find(stream.Id).IfNone(Seq<StoredEvent>.Empty)), options, PositionKind.Stream);

    /// <summary>The global feed's events that pass <paramref name="options"/>.</summary>
    public IEnumerable<StoredEvent> ReadAll(ReadOptions options) => ReadModel.Select(new SeqView<StoredEvent>(Log), options, PositionKind.Global);

    /// <summary>The <see cref="EventStream"/> of <c>GetEventsAsync</c>.</summary>
    public EventStream GetEvents(StreamKey stream, long fromVersion, DateTimeOffset? fromTimestamp, DateTimeOffset? toTimestamp) =>
        new(stream.AggregateId, stream.AggregateType,
            [.. ReadStream(stream, ReadModel.ForGetEvents(fromVersion, fromTimestamp, toTimestamp)).Select(e => e.Event)],
            VersionOf(stream));

    /// <summary>The distinct aggregate ids, in order of their first append.</summary>
    public IReadOnlyList<Guid> AggregateIds() => [.. Log.Map(e => e.AggregateId).Distinct()];

    private Appended Apply(AppendDecision.Write write)
    {
        var first = Log.Count + 1L;
        var stored = write.ToStored(i => first + i);
        var streamId = write.Stream.Id;
        var locations = Locations;
        foreach (var e in stored)
        {
            locations = locations.Add(e.EventId, new EventLocation(streamId, e.StreamPosition, e.GlobalPosition));
        }

        var streams = Streams.AddOrUpdate(streamId, existing => existing + stored, stored);
        var next = new StoreModel(Log + stored, streams, locations);
        return new Appended(next, write.ResultAt(first + stored.Count - 1));
    }
}
