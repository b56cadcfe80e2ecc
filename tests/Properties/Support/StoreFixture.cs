// What a backend provides to the shared conformance suite and properties: fresh, initialised, empty stores.
namespace EventStore.Functional.Tests.Support;

/// <summary>
/// A backend under test. Each call to <see cref="CreateStoreAsync"/> gives a new, initialised, empty store that no
/// other test sees (a new file, schema or instance). The fixture owns shared resources (a server) and cleans up.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    /// <summary>Backend name for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Global positions are dense (1, 2, 3, …). False on PostgreSQL, where aborted writes leave gaps.</summary>
    public virtual bool DenseGlobalPositions => true;

    /// <summary>A new, initialised, empty store using <paramref name="registry"/> (null: the test registry).</summary>
    public abstract Task<IEventStore> CreateStoreAsync(EventRegistry? registry = null);

    /// <summary>
    /// A second, initialised store over the same data as <paramref name="store"/> (the same file or schema) but using
    /// <paramref name="registry"/>; null where a backend cannot share data between instances (memory). The caller
    /// disposes the returned store; <paramref name="store"/> stays open.
    /// </summary>
    public virtual Task<IEventStore?> ReopenAsync(IEventStore store, EventRegistry registry) => Task.FromResult<IEventStore?>(null);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
