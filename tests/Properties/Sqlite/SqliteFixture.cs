// The SQLite backends for the shared suite: a new temporary file per store (deleted afterwards), or a private :memory: database.
using EventStore.Functional.Sqlite;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Sqlite;

/// <summary>Each store is a fresh database file in a temporary directory that the fixture deletes when it is disposed.</summary>
public class SqliteFixture : StoreFixture
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"esf-sqlite-{Guid.NewGuid():N}");
    private int _files;

    public override string Name => "sqlite";

    /// <summary>Small pages, so that the suite's reads cross page boundaries.</summary>
    public virtual int PageSize => 3;

    /// <summary>A path for a new database file (not created yet) inside the fixture's directory.</summary>
    public string NewDatabasePath()
    {
        Directory.CreateDirectory(_directory);
        return Path.Combine(_directory, $"store-{Interlocked.Increment(ref _files)}.db");
    }

    /// <summary>Options for a store over <paramref name="database"/> with the fixture's settings.</summary>
    public SqliteEventStoreOptions Options(string database, EventRegistry? registry = null) =>
        new() { Database = database, Registry = registry ?? TestEvents.NewRegistry(), PageSize = PageSize };

    /// <summary>An initialised store over <paramref name="options"/>.</summary>
    public static async Task<SqliteEventStore> OpenAsync(SqliteEventStoreOptions options)
    {
        var store = new SqliteEventStore(options);
        await store.InitializeAsync();
        return store;
    }

    public override async Task<IEventStore> CreateStoreAsync(EventRegistry? registry = null) =>
        await OpenAsync(Options(NewDatabasePath(), registry));

    /// <summary>A second store over the same file, reading through another registry.</summary>
    public override async Task<IEventStore?> ReopenAsync(IEventStore store, EventRegistry registry) =>
        await OpenAsync(Options(((SqliteEventStore)store).Database, registry));

    public override Task DisposeAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Each store is a private in-memory database (one connection kept open for the store's lifetime).</summary>
public sealed class SqliteMemoryFixture : SqliteFixture
{
    public override string Name => "sqlite :memory:";

    public override async Task<IEventStore> CreateStoreAsync(EventRegistry? registry = null) =>
        await OpenAsync(Options(":memory:", registry));

    /// <summary>A :memory: database is private to its store, so there is nothing to reopen.</summary>
    public override Task<IEventStore?> ReopenAsync(IEventStore store, EventRegistry registry) => Task.FromResult<IEventStore?>(null);
}
