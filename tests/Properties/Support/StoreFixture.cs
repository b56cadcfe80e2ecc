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

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
