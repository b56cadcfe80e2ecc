// SQLite: the store beside hand-written Microsoft.Data.Sqlite code doing the same physical work (the ceiling).
using EventStore.Functional.Sqlite;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Benchmarks;

public sealed class SqliteSuite : IBenchmarkSuite
{
    private const string Backend = "sqlite";

    public string Name => Backend;

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = Directory.CreateTempSubdirectory("esf-bench-sqlite-").FullName;
        try
        {
            context.Note(Backend, $"Files in {Path.GetTempPath()} (WAL, synchronous=FULL: the store's defaults, and the raw side's). " +
                "Raw: Microsoft.Data.Sqlite on one connection, the store's table and indexes, one transaction per batch running a reused single-row INSERT per event (faster with this driver than one multi-row INSERT), " +
                $"SELECT ordered by position deserialised with System.Text.Json into BenchEvent, running its constructor ({BenchEvents.ConstructorMicroseconds():F2} µs here: two default ids and the clock) for every event, as the store's codec does.");
            var matrix = new Matrix(context, Backend);
            (string, Matrix.Factory)[] subjects =
            [
                ("store", async tag => new StoreTarget(await OpenStoreAsync(Path.Combine(directory, $"store-{tag}.db")))),
                ("raw Microsoft.Data.Sqlite", tag => Task.FromResult<IBenchTarget>(RawSqliteTarget.Open(Path.Combine(directory, $"raw-{tag}.db"), createSchema: true))),
            ];
            await matrix.AppendsAsync(subjects);
            await matrix.StreamReadsAsync(subjects);

            // One large file, read by both sides, so they read the same rows.
            var largePath = Path.Combine(directory, "large.db");
            await using var large = new StoreTarget(await OpenStoreAsync(largePath));
            await matrix.SeedAsync(large, context.LargeStoreEvents);
            await using (var raw = RawSqliteTarget.Open(largePath, createSchema: false))
            {
                await matrix.ReadAllAsync(context.LargeStoreEvents, [("store", large), ("raw Microsoft.Data.Sqlite", raw)]);
            }

            await using var empty = new StoreTarget(await OpenStoreAsync(Path.Combine(directory, "empty.db")));
            await matrix.GrowthAsync(large, empty);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<SqliteEventStore> OpenStoreAsync(string path)
    {
        var store = new SqliteEventStore(new SqliteEventStoreOptions { Database = path, Registry = BenchEvents.Registry });
        await store.InitializeAsync();
        return store;
    }
}
