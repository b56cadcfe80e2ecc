// The store under test as a benchmark subject: every operation is one IEventStore call.
namespace EventStore.Functional.Benchmarks;

public sealed class StoreTarget(IEventStore store, Func<ValueTask>? cleanup = null) : IBenchTarget
{
    public IEventStore Store { get; } = store;

    public Task AppendAsync(Guid stream, IReadOnlyList<DomainEvent> events, bool newStream) =>
        Store.AppendEventsAsync(stream, BenchEvents.AggregateType, events, newStream ? ExpectedVersion.NoStream : ExpectedVersion.Any);

    public async Task<long> ReadStreamAsync(Guid stream) =>
        (await Store.GetEventsAsync(stream, BenchEvents.AggregateType).ConfigureAwait(false)).Events.Count;

    public async Task<long> ReadAllAsync()
    {
        long count = 0;
        await foreach (var stored in Store.ReadAllAsync().ConfigureAwait(false))
        {
            count += stored.Event is BenchEvent ? 1 : 0;
        }

        return count;
    }

    public Task<bool> ExistsAsync(Guid eventId) => Store.EventExistsAsync(eventId);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync().ConfigureAwait(false);
        if (cleanup is not null)
        {
            await cleanup().ConfigureAwait(false);
        }
    }
}
