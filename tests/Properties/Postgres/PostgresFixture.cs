// The PostgreSQL backend for the shared suite: one server for the whole test run, a fresh schema for every store.
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

/// <summary>
/// Gives each test a new, initialised store in its own schema of one shared server: a throwaway server started on first
/// use (fsync off: a test server needs no durability; stopped and deleted at process exit), or the server named by
/// <c>EVENTSTORE_TEST_POSTGRES</c>. If no server can be started every PostgreSQL test fails with the reason; none is skipped.
/// </summary>
public class PostgresFixture : StoreFixture
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(() => PostgresServer.StartAsync(fsync: false));
    private static readonly Lazy<Task<NpgsqlDataSource>> Shared = new(async () => NpgsqlDataSource.Create((await Server.Value).ConnectionString));
    private readonly List<string> _schemas = [];

    public override string Name => "postgres";

    public override bool DenseGlobalPositions => false;

    /// <summary>The data source every store of the fixture uses by default (one pool, as one application server).</summary>
    public static Task<NpgsqlDataSource> DataSourceAsync() => Shared.Value;

    /// <summary>A second, independent data source (its own pool), as another application server would have.</summary>
    /// <param name="settings">More connection-string settings (<c>Key=Value;…</c>), or null.</param>
    public static async Task<NpgsqlDataSource> NewDataSourceAsync(string? settings = null) =>
        NpgsqlDataSource.Create((await Server.Value).ConnectionString + (settings is null ? "" : ";" + settings));

    /// <summary>A schema name no other store uses.</summary>
    public string NewSchema()
    {
        var schema = "es_" + Guid.NewGuid().ToString("N")[..16];
        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        return schema;
    }

    public override async Task<IEventStore> CreateStoreAsync(EventRegistry? registry = null) =>
        await CreateStoreAsync(Tune(new PostgresEventStoreOptions { Schema = NewSchema(), Registry = registry ?? TestEvents.NewRegistry() }));

    /// <summary>A second store over the same schema, reading through another registry.</summary>
    public override async Task<IEventStore?> ReopenAsync(IEventStore store, EventRegistry registry) =>
        await CreateStoreAsync(Tune(new PostgresEventStoreOptions { Schema = ((PostgresEventStore)store).Schema, Registry = registry }));

    /// <summary>The options of the suite's stores: the defaults here; a subclass may change read settings.</summary>
    protected virtual PostgresEventStoreOptions Tune(PostgresEventStoreOptions options) => options;

    /// <summary>A store with these options (the registry defaults to the test registry), initialised unless told not to.</summary>
    public static async Task<PostgresEventStore> CreateStoreAsync(PostgresEventStoreOptions options, NpgsqlDataSource? dataSource = null, bool initialize = true)
    {
        var store = new PostgresEventStore(dataSource ?? await DataSourceAsync(), options.Registry is null ? With(options, TestEvents.NewRegistry()) : options);
        if (initialize)
        {
            await store.InitializeAsync();
        }

        return store;
    }

    /// <summary>Drops the schemas this fixture created when the server is not a throwaway one.</summary>
    public override async Task DisposeAsync()
    {
        if (!Server.IsValueCreated || !Server.Value.IsCompletedSuccessfully || Server.Value.Result.IsThrowaway)
        {
            return;
        }

        var dataSource = await DataSourceAsync();
        foreach (var schema in _schemas)
        {
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Options as <paramref name="o"/> with <paramref name="registry"/>.</summary>
    protected static PostgresEventStoreOptions With(PostgresEventStoreOptions o, EventRegistry registry) =>
        new() { Schema = o.Schema, Registry = registry, ReadPageSize = o.ReadPageSize, MaxConcurrentAppends = o.MaxConcurrentAppends, Retries = o.Retries, AfterInsert = o.AfterInsert, ReadChunkRows = o.ReadChunkRows };
}

/// <summary>
/// The suite's stores with tiny read pages and decode chunks (3 rows a page, 2 a chunk): every read longer than a few
/// events crosses pages and decodes ahead on the thread pool, as only reads of thousands of events do by default.
/// </summary>
public sealed class PostgresChunkedReadsFixture : PostgresFixture
{
    public override string Name => "postgres (chunked reads)";

    protected override PostgresEventStoreOptions Tune(PostgresEventStoreOptions options) =>
        new() { Schema = options.Schema, Registry = options.Registry, ReadPageSize = 3, MaxConcurrentAppends = options.MaxConcurrentAppends, Retries = options.Retries, AfterInsert = options.AfterInsert, ReadChunkRows = 2 };
}
