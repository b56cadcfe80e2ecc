// Rules 1 and 2 of an append: argument checks and stamping, done before the store is touched.
using EventStore.Functional.Codec;
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>
/// A validated append request: the stream, the batch (in batch order, repeats included) and the expected version.
/// Creating one applies SPEC rules 1 and 2.
/// </summary>
/// <remarks>
/// The batch is held in the request's own array (one copy of the caller's list); <see cref="Events"/> wraps it in a
/// <see cref="Seq{A}"/> on first read, so a store that decides through the core's array (the in-memory one) makes none.
/// Equality is structural: stream, expected version and the events in order.
/// </remarks>
public sealed record AppendRequest
{
    private readonly DomainEvent[] _batch; // never changed after validation, never handed out
    private Seq<DomainEvent> _events;       // Events, made on first read

    private AppendRequest(StreamKey stream, DomainEvent[] batch, ExpectedVersion expectedVersion)
    {
        Stream = stream;
        _batch = batch;
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The target stream.</summary>
    public StreamKey Stream { get; }

    /// <summary>The validated batch, in order (repeats not yet removed); the decider stamps the copies it stores.</summary>
    public Seq<DomainEvent> Events => EventBatch.AsSeq(ref _events, _batch);

    /// <summary>The validated batch (the core's own array: read it, never write it).</summary>
    internal ReadOnlySpan<DomainEvent> Batch => _batch;

    /// <summary>The expected version.</summary>
    public ExpectedVersion ExpectedVersion { get; }

    /// <summary>The distinct event ids of the batch in first-occurrence order: what a store must look up before deciding.</summary>
    public Seq<Guid> DistinctEventIds => Events.Map(e => e.EventId).Distinct().Strict();

    /// <summary>Validates an append's arguments (rules 1 and 2).</summary>
    /// <exception cref="ArgumentException">Empty id, invalid type, null or empty batch, null element, an event of another aggregate, an
    /// event with null <see cref="DomainEvent.Metadata"/>, or an event whose data names an envelope property (see <see cref="PayloadRules"/>).</exception>
    /// <exception cref="EventTypeNotRegisteredException">An event's type is not in <paramref name="registry"/>.</exception>
    public static AppendRequest Create(Guid aggregateId, string aggregateType, IReadOnlyList<DomainEvent>? events, ExpectedVersion expectedVersion, EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var stream = StreamKey.Create(aggregateId, aggregateType);
        if (events is null)
        {
            throw new ArgumentNullException(nameof(events), "The batch of events must not be null.");
        }

        if (events.Count == 0)
        {
            throw new ArgumentException("The batch of events must not be empty.", nameof(events));
        }

        // One copy of the caller's batch, checked after it is taken (the caller may change its list afterwards); a raw
        // event of a registered type is replaced in that copy by its decoded class.
        var batch = events.ToArray();
        for (var i = 0; i < batch.Length; i++)
        {
            if (batch[i] is null)
            {
                throw new ArgumentException($"The batch of events contains null at index {i}.", nameof(events));
            }
        }

        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = Check(batch[i], i, stream, registry);
        }

        return new AppendRequest(stream, batch, expectedVersion);
    }

    /// <summary>Structural equality: the same stream, expected version and events (compared as records), in order.</summary>
    public bool Equals(AppendRequest? other) =>
        other is not null && Stream == other.Stream && ExpectedVersion == other.ExpectedVersion && _batch.AsSpan().SequenceEqual(other._batch);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Stream);
        hash.Add(ExpectedVersion);
        return EventBatch.Hash(hash, _batch);
    }

    private static DomainEvent Check(DomainEvent e, int index, StreamKey stream, EventRegistry registry)
    {
        if (e.AggregateId != Guid.Empty && e.AggregateId != stream.AggregateId)
        {
            throw new ArgumentException(
                $"Event {e.EventId:D} ({e.EventType}) at index {index} belongs to aggregate {e.AggregateId:D}, not to {stream.AggregateId:D}.", "events");
        }

        if (e.AggregateType.Length != 0 && !string.Equals(e.AggregateType, stream.AggregateType, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Event {e.EventId:D} ({e.EventType}) at index {index} has aggregate type '{e.AggregateType}', not '{stream.AggregateType}'.", "events");
        }

        if (!registry.Accepts(e))
        {
            throw new EventTypeNotRegisteredException(e.EventType, registry.RegisteredTypes);
        }

        if (e.Metadata is null)
        {
            throw new ArgumentException(
                $"Event {e.EventId:D} ({e.EventType}) at index {index} has Metadata = null; leave it unset (an empty dictionary) for no metadata.", "events");
        }

        // The envelope is the store's: data the codec would read back as an envelope property is refused, on every backend.
        if (registry.Rules.EnvelopeCollision(e) is var (key, property))
        {
            throw new ArgumentException(
                $"Event {e.EventId:D} ({e.EventType}) at index {index} has a data property '{key}', which the codec reads as the envelope's "
                + $"{property}: the store stamps and keeps the envelope itself. Set {property} on the event, not in its data.", "events");
        }

        // A raw event of a registered type is stored as its class, so every backend reads it back the same way.
        var typed = e is RawEvent raw && registry.IsRegistered(raw.EventType)
            ? EventCodec.Decode(raw.EventType, EventCodec.EncodeUtf8ForAppend(raw, registry), registry)
            : e;
        return typed; // the decider stamps the stream's id, type, position and time in one copy
    }
}
