// An open store and what must be closed with it (the PostgreSQL data source the CLI created).
using Npgsql;

namespace EventStore.Functional.Cli;

/// <summary>A store opened by <see cref="StoreChoice.OpenAsync"/>; disposing closes the store, then its data source.</summary>
internal sealed class OpenedStore(IEventStore store, NpgsqlDataSource? dataSource) : IAsyncDisposable
{
    public IEventStore Store => store;

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync().ConfigureAwait(false);
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }
}
