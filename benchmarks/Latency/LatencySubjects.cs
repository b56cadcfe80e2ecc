// The subjects of the BenchmarkDotNet latency benchmarks, made by name, with the server and files they share.
using EventStore.Functional.Memory;
using EventStore.Functional.Postgres;
using EventStore.Functional.Sqlite;
using EventStore.Functional.Tests.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EventStore.Functional.Benchmarks.Latency;

/// <summary>
/// Every subject of the latency benchmarks: each backend's store beside its references, as in the timed suites.
/// BenchmarkDotNet runs in this process (in-process toolchain), so the throwaway PostgreSQL server and the SQLite
/// directory are made once and shared by every benchmark case; <see cref="DisposeAsync"/> removes them.
/// </summary>
public static class LatencySubjects
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _directory;
    private static PostgresServer? _server;
    private static NpgsqlDataSource? _storeSource;
    private static NpgsqlDataSource? _rawSource;
    private static MartenTarget? _marten;
    private static int _made;

    /// <summary>The subject names, "backend subject".</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["memory store", "memory List+lock", "sqlite store", "sqlite raw", "postgres store", "postgres raw", "postgres Marten"];

    /// <summary>A fresh, empty subject (its own file, schema or instance; Marten's events are deleted when it is disposed).</summary>
    public static async Task<IBenchTarget> CreateAsync(string name)
    {
        var tag = $"lat{Interlocked.Increment(ref _made)}";
        switch (name)
        {
            case "memory store":
                return new StoreTarget(new InMemoryEventStore(BenchEvents.Registry));
            case "memory List+lock":
                return new ListTarget();
            case "sqlite store":
                var store = new SqliteEventStore(new SqliteEventStoreOptions { Database = Path.Combine(Directory(), $"store-{tag}.db"), Registry = BenchEvents.Registry });
                await store.InitializeAsync().ConfigureAwait(false);
                return new StoreTarget(store);
            case "sqlite raw":
                return RawSqliteTarget.Open(Path.Combine(Directory(), $"raw-{tag}.db"), createSchema: true);
            case "postgres store":
                return new StoreTarget(await PostgresStoreAsync($"store_{tag}").ConfigureAwait(false));
            case "postgres raw":
                await (await PostgresStoreAsync($"raw_{tag}").ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false); // the store's migration makes the table
                return new RawNpgsqlTarget(_rawSource!, $"raw_{tag}");
            case "postgres Marten":
                await StartServerAsync().ConfigureAwait(false);
                return _marten ??= await MartenTarget.CreateAsync(_server!.ConnectionString + ";Maximum Pool Size=64", "marten_latency").ConfigureAwait(false);
            default:
                throw new ArgumentException($"Unknown latency subject '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));
        }
    }

    /// <summary>Stops the PostgreSQL server and deletes the SQLite files, if they were made.</summary>
    public static async Task DisposeAsync()
    {
        if (_marten is not null)
        {
            _marten.Store.Dispose();
        }

        foreach (var source in new[] { _storeSource, _rawSource })
        {
            if (source is not null)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(_directory, recursive: true);
        }

        (_marten, _storeSource, _rawSource, _server, _directory) = (null, null, null, null, null);
    }

    private static string Directory() => _directory ??= System.IO.Directory.CreateTempSubdirectory("esf-bench-latency-").FullName;

    private static async Task<PostgresEventStore> PostgresStoreAsync(string schema)
    {
        await StartServerAsync().ConfigureAwait(false);
        var store = new PostgresEventStore(_storeSource!, new PostgresEventStoreOptions { Schema = schema, Registry = BenchEvents.Registry });
        await store.InitializeAsync().ConfigureAwait(false);
        return store;
    }

    private static async Task StartServerAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_server is null)
            {
                _server = await PostgresServer.StartAsync(fsync: true).ConfigureAwait(false);
                _storeSource = NpgsqlDataSource.Create(_server.ConnectionString + ";Maximum Pool Size=64");
                _rawSource = NpgsqlDataSource.Create(_server.ConnectionString + ";Maximum Pool Size=64;Max Auto Prepare=32;Auto Prepare Min Usages=2;No Reset On Close=true"); // as PostgresSuite's
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
