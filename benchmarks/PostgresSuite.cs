// PostgreSQL: the store beside raw Npgsql (the ceiling) and Marten, on one throwaway server with fsync on.
using EventStore.Functional.Codec;
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Postgres;
using Npgsql;

namespace EventStore.Functional.Benchmarks;

internal sealed class PostgresSuite : IBenchmarkSuite
{
    private const string Backend = "postgres";

    public string Name => Backend;

    public async Task RunAsync(BenchmarkContext context)
    {
        await using var server = await PostgresServer.StartAsync(fsync: true);
        await using var storeSource = NpgsqlDataSource.Create(server.ConnectionString + ";Maximum Pool Size=64");
        // The raw side leaves no session state, so its connections skip Npgsql's reset on reuse (seven statements, about
        // 35 µs of server time), as the store's kept connections do: the ceiling does no work the store avoids.
        await using var rawSource = NpgsqlDataSource.Create(server.ConnectionString + ";Maximum Pool Size=64;Max Auto Prepare=32;Auto Prepare Min Usages=2;No Reset On Close=true");
        var martenConnection = server.ConnectionString + ";Maximum Pool Size=64";
        await using (var version = storeSource.CreateCommand("SELECT version()"))
        {
            context.Note(Backend, $"Server: {await version.ExecuteScalarAsync()}, a throwaway cluster started by the runner (fsync on, PostgreSQL's defaults otherwise); " +
                $"payload {EventCodec.Encode(BenchEvents.New(1)).Length} bytes of JSON.");
        }

        context.Note(Backend, "Raw: Npgsql into a table made by the store's own migration (same columns, json payload, indexes), one INSERT per 1-event " +
            "transaction, one multi-row INSERT (unnest) per batch, positions from a counter, auto-prepared statements, no reset of a pooled connection on reuse (No Reset On Close); reads deserialise with System.Text.Json " +
            $"into BenchEvent, running its constructor ({BenchEvents.ConstructorMicroseconds():F2} µs here: two default ids and the clock) for every event, as the store's codec does.");
        context.Note(Backend, "Marten: defaults (lightweight sessions, Guid streams), StartStream/Append + SaveChangesAsync, FetchStreamAsync, " +
            "QueryAllRawEvents ordered by sequence and streamed, Events.LoadAsync for existence; concurrency conflicts on the hot stream are retried.");

        var marten = await MartenTarget.CreateAsync(martenConnection, "marten");
        try
        {
            var matrix = new Matrix(context, Backend);
            (string, Matrix.Factory)[] subjects =
            [
                ("store", async tag => new StoreTarget(await StoreAsync(storeSource, $"store_{tag}"))),
                ("raw Npgsql", async tag =>
                {
                    await (await StoreAsync(storeSource, $"raw_{tag}")).DisposeAsync(); // the store's migration makes the table
                    return new RawNpgsqlTarget(rawSource, $"raw_{tag}");
                }),
                ("Marten", _ => Task.FromResult<IBenchTarget>(marten)),
            ];
            await matrix.AppendsAsync(subjects);
            await matrix.StreamReadsAsync(subjects);

            await using var large = new StoreTarget(await StoreAsync(storeSource, "large"));
            await matrix.SeedAsync(large, context.LargeStoreEvents);
            await matrix.SeedAsync(marten, context.LargeStoreEvents);
            await using (var vacuum = storeSource.CreateCommand("VACUUM ANALYZE"))
            {
                await vacuum.ExecuteNonQueryAsync(); // what autovacuum would do soon after a bulk load, for both sides
            }

            await matrix.ReadAllAsync(context.LargeStoreEvents, [("store", large), ("raw Npgsql", new RawNpgsqlTarget(rawSource, "large")), ("Marten", marten)]);
            await using var empty = new StoreTarget(await StoreAsync(storeSource, "empty"));
            await matrix.GrowthAsync(large, empty);
        }
        finally
        {
            await marten.DisposeAsync();
            marten.Store.Dispose();
        }
    }

    private static async Task<PostgresEventStore> StoreAsync(NpgsqlDataSource dataSource, string schema)
    {
        var store = new PostgresEventStore(dataSource, new PostgresEventStoreOptions { Schema = schema, Registry = BenchEvents.Registry });
        await store.InitializeAsync();
        return store;
    }
}
