// A store on a data source of its own whose backends carry one application name, so a test can terminate exactly them.
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

/// <summary>A store, its own data source and their application name; disposing disposes both.</summary>
public sealed class NamedStore : IAsyncDisposable
{
    private NamedStore(PostgresEventStore store, NpgsqlDataSource dataSource, string application) =>
        (Store, DataSource, Application) = (store, dataSource, application);

    public PostgresEventStore Store { get; }

    public NpgsqlDataSource DataSource { get; }

    public string Application { get; }

    /// <summary>An initialised store over <paramref name="connectionString"/>, with a fresh application name.</summary>
    public static async Task<NamedStore> StartAsync(string connectionString, PostgresEventStoreOptions options)
    {
        var application = "es-retry-" + Guid.NewGuid().ToString("N")[..12];
        var dataSource = NpgsqlDataSource.Create($"{connectionString};Application Name={application}");
        var store = new PostgresEventStore(dataSource, new PostgresEventStoreOptions
        {
            Schema = options.Schema, Registry = options.Registry ?? TestEvents.NewRegistry(), MaxConcurrentAppends = options.MaxConcurrentAppends,
            Retries = options.Retries, AfterInsert = options.AfterInsert,
        });
        await store.InitializeAsync();

        // InitializeAsync's session check opened two connections at once; drop the idle one it left in the pool, so the
        // store's own (kept) connections are its data source's only backends, as the tests count them.
        dataSource.Clear();
        return new NamedStore(store, dataSource, application);
    }

    /// <summary>
    /// Terminates every backend of this store's data source through <paramref name="admin"/>, waiting until they are gone
    /// unless <paramref name="wait"/> is false (then each dies at its next interrupt check, wherever it is); how many.
    /// </summary>
    public async Task<int> TerminateAsync(NpgsqlDataSource admin, bool wait = true)
    {
        var terminate = wait ? "pg_terminate_backend(pid, 5000)" : "pg_terminate_backend(pid)";
        await using var cmd = admin.CreateCommand($"SELECT count(*) FILTER (WHERE {terminate}) FROM pg_stat_activity WHERE application_name = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = Application });
        return (int)(long)(await cmd.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
