// PostgreSQL benchmarks: the store beside hand-written Npgsql doing the same inserts and selects, on one server it starts.
using System.Diagnostics;
using System.Text.Json;
using EventStore.Functional.Codec;
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace EventStore.Functional.Benchmarks;

/// <summary>
/// Appends/s (1 and 16 writers; 1- and 100-event batches, new streams) and ReadAllAsync events/s, each beside raw Npgsql
/// writing the same rows into an identical table (same columns and indexes; one INSERT per transaction, one multi-row
/// INSERT per batch) and reading them with one ordered SELECT deserialised into the same class. The server is a
/// throwaway one started here (or EVENTSTORE_TEST_POSTGRES) with fsync on, PostgreSQL's durable default.
/// </summary>
internal sealed class PostgresSuite : IBenchmarkSuite
{
    private static readonly EventRegistry Registry = new EventRegistry().Register<BenchEvent>();

    public string Name => "postgres";

    public async Task RunAsync(BenchmarkContext context)
    {
        await using var server = await PostgresServer.StartAsync(fsync: true);
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString + ";Maximum Pool Size=64");
        var store = await StoreAsync(dataSource, "bench_store");
        var raw = new Raw(dataSource, (await StoreAsync(dataSource, "bench_raw")).Schema);
        var window = TimeSpan.FromSeconds(context.Quick ? 1 : 3);
        context.Output.WriteLine($"server: {server.ConnectionString} (fsync on); payload {EventCodec.Encode(NewEvent()).Length} bytes; {window.TotalSeconds:F0} s per round");

        foreach (var (writers, size) in new[] { (1, 1), (16, 1), (1, 100), (16, 100) })
        {
            // Warm-up (JIT, pooled connections, prepared statements), not measured.
            await TimedAsync(TimeSpan.FromSeconds(0.5), writers, size, () => store.AppendEventsAsync(Guid.NewGuid(), "Bench", NewBatch(size), ExpectedVersion.NoStream));
            await TimedAsync(TimeSpan.FromSeconds(0.5), writers, size, () => raw.InsertAsync(NewBatch(size)));
            var ours = await context.MeasureAsync(() => TimedAsync(window, writers, size, () => store.AppendEventsAsync(Guid.NewGuid(), "Bench", NewBatch(size), ExpectedVersion.NoStream)));
            var theirs = await context.MeasureAsync(() => TimedAsync(window, writers, size, () => raw.InsertAsync(NewBatch(size))));
            context.Report("postgres", $"append {size}-event batches, {writers} writer{(writers > 1 ? "s" : "")}", ours, "raw Npgsql", theirs);
        }

        var count = context.Quick ? 20_000 : 200_000;
        var reads = await StoreAsync(dataSource, "bench_read");
        for (var i = 0; i < count / 1000; i++)
        {
            await reads.AppendEventsAsync(Guid.NewGuid(), "Bench", NewBatch(1000), ExpectedVersion.NoStream);
        }

        await new Raw(dataSource, reads.Schema).ReadAllAsync(); // warm-up: the table into the server's cache
        var ourRead = await context.MeasureAsync(async () =>
        {
            long n = 0;
            await foreach (var e in reads.ReadAllAsync())
            {
                n += e.Event is BenchEvent ? 1 : 0;
            }

            return n;
        });
        var rawRead = await context.MeasureAsync(() => new Raw(dataSource, reads.Schema).ReadAllAsync());
        context.Report("postgres", $"ReadAllAsync over {count:N0} events", ourRead, "raw Npgsql", rawRead);
    }

    private static async Task<PostgresEventStore> StoreAsync(NpgsqlDataSource dataSource, string schema)
    {
        var store = new PostgresEventStore(dataSource, new PostgresEventStoreOptions { Schema = schema, Registry = Registry });
        await store.InitializeAsync();
        return store;
    }

    // Runs `writers` loops of `append` until the window has passed; returns the events written.
    private static async Task<long> TimedAsync(TimeSpan window, int writers, int size, Func<Task> append)
    {
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            long done = 0;
            while (clock.Elapsed < window)
            {
                await append();
                done += size;
            }

            return done;
        })));
        return counts.Sum();
    }

    private static BenchEvent NewEvent() => new()
    {
        Title = "Prepare the quarterly report",
        Priority = 3,
        ActorId = "user-42",
        TenantId = Guid.NewGuid(),
    };

    private static List<DomainEvent> NewBatch(int size) => [.. Enumerable.Range(0, size).Select(_ => (DomainEvent)NewEvent())];

    [EventType("BenchTaskCreated")]
    private sealed record BenchEvent : DomainEvent
    {
        public string Title { get; init; } = "";

        public int Priority { get; init; }
    }

    // The raw-driver ceiling: the same rows, no store semantics (no locks, no version check, no idempotency lookup).
    private sealed class Raw(NpgsqlDataSource dataSource, string schema)
    {
        private readonly string _insert = $"""
            INSERT INTO "{schema}".events (event_id, aggregate_id, aggregate_type, stream_position, event_type, tenant_id, occurred_at, stored_at, payload)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::uuid[], $7::timestamptz[], $8::timestamptz[], $9::json[])
            """;

        private readonly string _insertOne = $"""
            INSERT INTO "{schema}".events (event_id, aggregate_id, aggregate_type, stream_position, event_type, tenant_id, occurred_at, stored_at, payload)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """;

        public async Task InsertAsync(List<DomainEvent> batch)
        {
            var aggregate = Guid.NewGuid();
            var now = Time.Normalize(DateTimeOffset.UtcNow);
            await using var cmd = dataSource.CreateCommand(batch.Count == 1 ? _insertOne : _insert);
            if (batch.Count == 1)
            {
                var e = batch[0];
                foreach (var value in new object?[] { e.EventId, aggregate, "Bench", 1L, e.EventType, e.TenantId, Time.Normalize(e.OccurredAt), now })
                {
                    cmd.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
                }

                cmd.Parameters.Add(new NpgsqlParameter { Value = EventCodec.Encode(e with { AggregateId = aggregate, AggregateType = "Bench", AggregateVersion = 1 }), NpgsqlDbType = NpgsqlDbType.Json });
            }
            else
            {
                var n = batch.Count;
                cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.EventId).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(aggregate, n).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat("Bench", n).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(1, n).Select(i => (long)i).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.EventType).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.TenantId).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => Time.Normalize(e.OccurredAt)).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(now, n).ToArray() });
                cmd.Parameters.Add(new NpgsqlParameter
                {
                    Value = batch.Select((e, i) => EventCodec.Encode(e with { AggregateId = aggregate, AggregateType = "Bench", AggregateVersion = i + 1 })).ToArray(),
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json,
                });
            }

            await cmd.ExecuteNonQueryAsync();
        }

        public async Task<long> ReadAllAsync()
        {
            long n = 0;
            await using var cmd = dataSource.CreateCommand($"SELECT global_position, event_type, payload FROM \"{schema}\".events ORDER BY global_position");
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var e = JsonSerializer.Deserialize<BenchEvent>(reader.GetFieldValue<byte[]>(2), EventCodec.Options);
                n += e is not null && reader.GetInt64(0) > 0 ? 1 : 0;
            }

            return n;
        }
    }
}
