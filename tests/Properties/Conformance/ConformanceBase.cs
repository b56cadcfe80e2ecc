// Base of every conformance area: one fresh store per test from the backend's fixture, disposed afterwards.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class ConformanceBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : StoreFixture
{
    private readonly List<IEventStore> _stores = [];

    protected TFixture Fixture { get; } = fixture;

    /// <summary>The store of this test (created before the test runs).</summary>
    protected IEventStore Store { get; private set; } = null!;

    /// <summary>Another fresh store (for example with a different registry); disposed after the test.</summary>
    protected async Task<IEventStore> NewStoreAsync(EventRegistry? registry = null)
    {
        var store = await Fixture.CreateStoreAsync(registry);
        _stores.Add(store);
        return store;
    }

    public async Task InitializeAsync() => Store = await NewStoreAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
