// The in-memory store: an atomic reference to an immutable StoreModel, swapped by the pure core. No rule lives here.
using EventStore.Functional.Append;
using EventStore.Functional.Memory.Internal;
using EventStore.Functional.Reading;
using LanguageExt;

namespace EventStore.Functional.Memory;

/// <summary>
/// An event store held in memory, for tests and prototypes; everything is lost with the process. Thread-safe:
/// appends are serialised, each deciding against the current immutable value and publishing the next one
/// atomically; reads never lock and see consistent snapshots.
/// </summary>
public sealed class InMemoryEventStore : EventStoreBase, IEventStoreInspector
{
    private readonly TimeProvider _clock;
    private readonly Lock _writeGate = new();
    private StoreModel _state = StoreModel.Empty;

    /// <summary>Creates an empty store.</summary>
    /// <param name="registry">The event classes it accepts; null for <see cref="EventRegistry.Default"/>.</param>
    public InMemoryEventStore(EventRegistry? registry = null) : this(registry, TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store with a clock (for deterministic <c>StoredAt</c> in tests).</summary>
    public InMemoryEventStore(EventRegistry? registry, TimeProvider clock) : base(clock is null ? throw new ArgumentNullException(nameof(clock)) : registry) =>
        _clock = clock; // checked before the base fixes the registry's JSON options

    /// <summary>The current immutable store value (the engine is internal: tests reach it, callers use the reads).</summary>
    internal StoreModel Snapshot => Volatile.Read(ref _state);

    /// <summary>Every event's domain event, in global order.</summary>
    public Task<IReadOnlyList<DomainEvent>> GetAllEventsAsync(CancellationToken ct = default) =>
        Run<IReadOnlyList<DomainEvent>>(s => [.. s.AllEvents()], ct);

    /// <summary>How many events are stored.</summary>
    public Task<long> GetEventCountAsync(CancellationToken ct = default) => Run(s => s.GlobalPosition, ct);

    /// <summary>The distinct aggregate ids, in order of first append.</summary>
    public Task<IReadOnlyList<Guid>> GetAggregateIdsAsync(CancellationToken ct = default) => Run(s => s.AggregateIds(), ct);

    /// <summary>
    /// Empties the store; global positions restart at 1. Serialised with appends: an append in progress finishes first
    /// (and is cleared), and one that starts later appends to the empty store.
    /// </summary>
    public Task ClearAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        ct.ThrowIfCancellationRequested();
        lock (_writeGate) // else an append that read the old value could publish it again after the clear
        {
            Volatile.Write(ref _state, StoreModel.Empty);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken ct = default) => Run(s => Inspection.Statistics(s.Events, s.GlobalPosition, sizeBytes: null), ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<StreamSummary>> ListStreamsAsync(string? aggregateType = null, int? limit = null, CancellationToken ct = default)
    {
        Inspection.ValidateListArguments(aggregateType, limit);
        return Run(s => Inspection.Streams(s.Events, aggregateType, limit), ct);
    }

    /// <inheritdoc />
    protected override Task InitializeCoreAsync(CancellationToken ct) => Task.CompletedTask;

    /// <inheritdoc />
    protected override Task<Either<AppendRejection, AppendResult>> AppendCoreAsync(AppendRequest request, CancellationToken ct) =>
        Task.FromResult(Append(request)); // decided at once

    private Either<AppendRejection, AppendResult> Append(AppendRequest request)
    {
        // Writers are serialised so each decides against the newest value (which the model then extends in O(1));
        // readers never wait: they read whichever immutable value is current.
        lock (_writeGate)
        {
            var decided = _state.Append(request, _clock.GetUtcNow(), Registry); // the codec's limits, as the SQL stores apply them
            if (decided.Case is not Appended appended)
            {
                return decided.Map(static a => a.Result);
            }

            Volatile.Write(ref _state, appended.Store);
            return appended.Result;
        }
    }

    /// <inheritdoc />
    protected override Task<EventStream> GetEventsCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct) =>
        Run(s => s.GetEvents(stream, options), ct);

    /// <inheritdoc />
    protected override IAsyncEnumerable<StoredEvent> ReadStreamCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct) =>
        AsyncSequence.From(() => Snapshot.ReadStream(stream, options), ct);

    /// <inheritdoc />
    protected override IAsyncEnumerable<StoredEvent> ReadAllCoreAsync(ReadOptions options, CancellationToken ct) =>
        AsyncSequence.From(() => Snapshot.ReadAll(options), ct);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<DomainEvent>> GetEventsByTypeCoreAsync(ReadOptions options, CancellationToken ct) =>
        Run<IReadOnlyList<DomainEvent>>(s => [.. s.ReadAll(options).Select(e => e.Event)], ct);

    /// <inheritdoc />
    protected override Task<bool> EventExistsCoreAsync(Guid eventId, CancellationToken ct) => Run(s => s.Contains(eventId), ct);

    /// <inheritdoc />
    protected override Task<long> GetStreamVersionCoreAsync(StreamKey stream, CancellationToken ct) => Run(s => s.VersionOf(stream), ct);

    /// <inheritdoc />
    protected override Task<long> GetGlobalPositionCoreAsync(CancellationToken ct) => Run(s => s.GlobalPosition, ct);

    private Task<T> Run<T>(Func<StoreModel, T> query, CancellationToken ct)
    {
        ThrowIfDisposed();
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(query(Snapshot));
    }
}
