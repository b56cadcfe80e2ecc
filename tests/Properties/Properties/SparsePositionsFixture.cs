// A memory-backed fixture whose global positions have gaps (3, 6, 9, …), as PostgreSQL's may: it checks that the
// model-based property compares order and relative positions on such a backend, and never absolute numbers.
using EventStore.Functional.Memory;
using EventStore.Functional.Tests.Support;
using LanguageExt;

namespace EventStore.Functional.Tests.Properties;

public sealed class SparsePositionsFixture : StoreFixture
{
    private const long Stride = 3;

    public override string Name => "memory with sparse global positions";

    public override bool DenseGlobalPositions => false;

    public override Task<IEventStore> CreateStoreAsync(EventRegistry? registry = null) =>
        Task.FromResult<IEventStore>(new SparseStore(new InMemoryEventStore(registry ?? TestEvents.NewRegistry())));

    // Multiplies every global position by Stride on the way out, and divides checkpoints on the way in.
    private sealed class SparseStore(IEventStore inner) : IEventStore
    {
        public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);

        public async Task<AppendResult> AppendEventsAsync(Guid aggregateId, string aggregateType, IReadOnlyList<DomainEvent> events, ExpectedVersion expectedVersion, CancellationToken ct = default) =>
            Spread(await inner.AppendEventsAsync(aggregateId, aggregateType, events, expectedVersion, ct));

        public async Task<Either<ConflictError, AppendResult>> TryAppendEventsAsync(Guid aggregateId, string aggregateType, IReadOnlyList<DomainEvent> events, ExpectedVersion expectedVersion, CancellationToken ct = default) =>
            (await inner.TryAppendEventsAsync(aggregateId, aggregateType, events, expectedVersion, ct)).Map(Spread);

        public Task<EventStream> GetEventsAsync(Guid aggregateId, string aggregateType, long fromVersion = 0, DateTimeOffset? fromTimestamp = null, DateTimeOffset? toTimestamp = null, CancellationToken ct = default) =>
            inner.GetEventsAsync(aggregateId, aggregateType, fromVersion, fromTimestamp, toTimestamp, ct);

        public IAsyncEnumerable<StoredEvent> ReadStreamAsync(string streamId, ReadOptions? options = null, CancellationToken ct = default) =>
            inner.ReadStreamAsync(streamId, options, ct).Select(Spread);

        public IAsyncEnumerable<StoredEvent> ReadAllAsync(ReadOptions? options = null, CancellationToken ct = default) =>
            inner.ReadAllAsync(options is null ? null : options with { FromPosition = options.FromPosition / Stride }, ct).Select(Spread);

        public Task<IReadOnlyList<DomainEvent>> GetEventsByTypeAsync(string aggregateType, Guid? tenantId = null, DateTimeOffset? fromTimestamp = null, CancellationToken ct = default) =>
            inner.GetEventsByTypeAsync(aggregateType, tenantId, fromTimestamp, ct);

        public Task<bool> EventExistsAsync(Guid eventId, CancellationToken ct = default) => inner.EventExistsAsync(eventId, ct);

        public Task<long> GetStreamVersionAsync(Guid aggregateId, string aggregateType, CancellationToken ct = default) =>
            inner.GetStreamVersionAsync(aggregateId, aggregateType, ct);

        public async Task<long> GetGlobalPositionAsync(CancellationToken ct = default) => await inner.GetGlobalPositionAsync(ct) * Stride;

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private static AppendResult Spread(AppendResult r) => r with { GlobalPosition = r.GlobalPosition * Stride };

        private static StoredEvent Spread(StoredEvent e) => e with { GlobalPosition = e.GlobalPosition * Stride };
    }
}
