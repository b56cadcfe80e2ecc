// The in-memory backend for the shared suite.
using EventStore.Functional.Memory;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Memory;

public sealed class MemoryFixture : StoreFixture
{
    public override string Name => "memory";

    public override Task<IEventStore> CreateStoreAsync(EventRegistry? registry = null) =>
        Task.FromResult<IEventStore>(new InMemoryEventStore(registry ?? TestEvents.NewRegistry()));
}
