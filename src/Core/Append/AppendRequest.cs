// Rules 1 and 2 of an append: argument checks and stamping, done before the store is touched.
using EventStore.Functional.Codec;
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>
/// A validated append request: the stream, the batch (in batch order, repeats included) and the expected version.
/// Only <see cref="Create"/> makes one, applying SPEC rules 1 and 2. Equality is structural.
/// </summary>
public sealed record AppendRequest
{
    private AppendRequest(StreamKey stream, Seq<DomainEvent> events, ExpectedVersion expectedVersion) =>
        (Stream, Events, ExpectedVersion) = (stream, events, expectedVersion);

    /// <summary>The target stream.</summary>
    public StreamKey Stream { get; }

    /// <summary>The validated batch, in order (repeats not yet removed); the decider stamps the copies it stores.</summary>
    public Seq<DomainEvent> Events { get; }

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

        return new AppendRequest(stream, Seqs.Own(batch), expectedVersion);
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
        return e is RawEvent raw && registry.IsRegistered(raw.EventType)
            ? EventCodec.Decode(raw.EventType, EventCodec.EncodeUtf8ForAppend(raw, registry), registry)
            : e; // the decider stamps the stream's id, type, position and time in one copy
    }
}
