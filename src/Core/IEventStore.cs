// The one interface every backend implements: append with optimistic concurrency, read streams and the global feed.
using LanguageExt;

namespace EventStore.Functional;

/// <summary>
/// An event store: appends domain events to streams with optimistic concurrency, returns a stream to
/// rebuild an aggregate, and feeds every event, in one global order, to projections.
/// Every rejected call leaves the store exactly as it was.
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema. Idempotent; a no-op in memory.</summary>
    Task InitializeAsync(CancellationToken ct = default);

    /// <summary>
    /// Appends events atomically to the stream (<paramref name="aggregateId"/>, <paramref name="aggregateType"/>).
    /// Ids already stored in this stream, and repeats inside the batch, are skipped (idempotency); a batch with
    /// nothing new succeeds without a version check.
    /// </summary>
    /// <exception cref="OptimisticLockException">The stream's version does not satisfy <paramref name="expectedVersion"/>; nothing was written.</exception>
    /// <exception cref="DuplicateEventException">An event id is already stored in another stream; nothing was written.</exception>
    /// <exception cref="EventTypeNotRegisteredException">An event's type is not registered; nothing was written.</exception>
    /// <exception cref="ArgumentException">Empty id, invalid type, null or empty batch, null element, or an event of another aggregate.</exception>
    Task<AppendResult> AppendEventsAsync(Guid aggregateId, string aggregateType, IReadOnlyList<DomainEvent> events, ExpectedVersion expectedVersion, CancellationToken ct = default);

    /// <summary>As <see cref="AppendEventsAsync"/>, but a version conflict is returned as <c>Left(ConflictError)</c> instead of thrown.</summary>
    Task<Either<ConflictError, AppendResult>> TryAppendEventsAsync(Guid aggregateId, string aggregateType, IReadOnlyList<DomainEvent> events, ExpectedVersion expectedVersion, CancellationToken ct = default);

    /// <summary>
    /// The stream's events with position ≥ <paramref name="fromVersion"/> and <c>OccurredAt</c> in
    /// [<paramref name="fromTimestamp"/>, <paramref name="toTimestamp"/>), in stream order. <see cref="EventStream.Version"/>
    /// is the stream's current version whatever the filters; an absent stream is empty at version 0.
    /// </summary>
    Task<EventStream> GetEventsAsync(Guid aggregateId, string aggregateType, long fromVersion = 0, DateTimeOffset? fromTimestamp = null, DateTimeOffset? toTimestamp = null, CancellationToken ct = default);

    /// <summary>Streams one stream's events lazily (see <see cref="ReadOptions"/>); positions are stream positions. An absent stream is empty.</summary>
    /// <exception cref="ArgumentException">Malformed stream id.</exception>
    IAsyncEnumerable<StoredEvent> ReadStreamAsync(string streamId, ReadOptions? options = null, CancellationToken ct = default);

    /// <summary>
    /// Streams the global feed lazily in global-position order (see <see cref="ReadOptions"/>). A consumer that resumes
    /// from the last position it saw receives every committed event exactly once, in order.
    /// </summary>
    IAsyncEnumerable<StoredEvent> ReadAllAsync(ReadOptions? options = null, CancellationToken ct = default);

    /// <summary>Events of all streams of an aggregate type, optionally of one tenant and from a time, in global order.</summary>
    Task<IReadOnlyList<DomainEvent>> GetEventsByTypeAsync(string aggregateType, Guid? tenantId = null, DateTimeOffset? fromTimestamp = null, CancellationToken ct = default);

    /// <summary>Whether an event with this id is stored in any stream.</summary>
    Task<bool> EventExistsAsync(Guid eventId, CancellationToken ct = default);

    /// <summary>The stream's current version (0 when absent), without reading its events.</summary>
    Task<long> GetStreamVersionAsync(Guid aggregateId, string aggregateType, CancellationToken ct = default);

    /// <summary>The highest global position <see cref="ReadAllAsync"/> would return now; 0 when empty.</summary>
    Task<long> GetGlobalPositionAsync(CancellationToken ct = default);
}
