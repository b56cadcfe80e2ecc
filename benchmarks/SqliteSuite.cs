// SQLite: the store beside hand-written Microsoft.Data.Sqlite code doing the same physical work (the ceiling).
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EventStore.Functional.Sqlite;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Benchmarks;

/// <summary>
/// 1-event appends, 100-event appends (new streams) and a full ReadAllAsync, each measured in interleaved rounds
/// against raw Microsoft.Data.Sqlite: the same table and indexes, WAL and synchronous=FULL as the store's defaults,
/// one prepared (multi-row) INSERT per transaction, and SELECT ordered by position with System.Text.Json
/// deserialisation into the same event class.
/// </summary>
public sealed class SqliteSuite : IBenchmarkSuite
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly EventRegistry Registry = new EventRegistry().Register<SqliteBenchEvent>();

    public string Name => "sqlite";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = Directory.CreateTempSubdirectory("esf-bench-sqlite-").FullName;
        try
        {
            var quick = context.Quick;
            await CompareAsync(context, directory, "append 1-event batches", batch: 1, batches: quick ? 200 : 1500);
            await CompareAsync(context, directory, "append 100-event batches", batch: 100, batches: quick ? 20 : 150);
            await CompareReadAllAsync(context, directory, quick ? 20_000 : 100_000);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task CompareAsync(BenchmarkContext context, string directory, string scenario, int batch, int batches)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var store = await OpenStoreAsync(Path.Combine(directory, $"store-{tag}.db"));
        using var raw = RawSqlite.Open(Path.Combine(directory, $"raw-{tag}.db"));
        var (storeStats, rawStats) = await InterleaveAsync(
            context,
            async () =>
            {
                for (var i = 0; i < batches; i++)
                {
                    await store.AppendEventsAsync(Guid.NewGuid(), "Bench", NewBatch(batch), ExpectedVersion.NoStream);
                }

                return (long)batch * batches;
            },
            () =>
            {
                for (var i = 0; i < batches; i++)
                {
                    raw.Append(Guid.NewGuid(), NewBatch(batch));
                }

                return Task.FromResult((long)batch * batches);
            });
        context.Report("sqlite", scenario, storeStats, "raw Microsoft.Data.Sqlite", rawStats);
    }

    private static async Task CompareReadAllAsync(BenchmarkContext context, string directory, int events)
    {
        // One file read by both sides, so they read the same rows.
        var path = Path.Combine(directory, "read.db");
        await using var store = await OpenStoreAsync(path);
        for (var i = 0; i < events / 100; i++)
        {
            await store.AppendEventsAsync(Guid.NewGuid(), "Bench", NewBatch(100), ExpectedVersion.NoStream);
        }

        using var raw = RawSqlite.Open(path, createSchema: false);
        var (storeStats, rawStats) = await InterleaveAsync(
            context,
            async () =>
            {
                long count = 0;
                await foreach (var stored in store.ReadAllAsync())
                {
                    count += stored.Event is SqliteBenchEvent ? 1 : 0;
                }

                return count;
            },
            () => Task.FromResult(raw.ReadAll()));
        context.Report("sqlite", $"ReadAllAsync over {events:N0} events", storeStats, "raw SELECT + STJ", rawStats);
    }

    private static async Task<SqliteEventStore> OpenStoreAsync(string path)
    {
        var store = new SqliteEventStore(new SqliteEventStoreOptions { Database = path, Registry = Registry });
        await store.InitializeAsync();
        return store;
    }

    // Rounds alternate between the two sides so that load on the machine affects both alike; a warm-up round each first.
    private static async Task<(BenchmarkContext.Stats Store, BenchmarkContext.Stats Raw)> InterleaveAsync(
        BenchmarkContext context, Func<Task<long>> storeRound, Func<Task<long>> rawRound)
    {
        await storeRound();
        await rawRound();
        var (storeRates, rawRates) = (new List<double>(), new List<double>());
        for (var i = 0; i < context.Rounds; i++)
        {
            storeRates.Add(await RateAsync(storeRound));
            rawRates.Add(await RateAsync(rawRound));
        }

        return (Stats(storeRates), Stats(rawRates));
    }

    private static async Task<double> RateAsync(Func<Task<long>> round)
    {
        var watch = Stopwatch.StartNew();
        var events = await round();
        return events / watch.Elapsed.TotalSeconds;
    }

    private static BenchmarkContext.Stats Stats(List<double> rates)
    {
        rates.Sort();
        return new BenchmarkContext.Stats(rates[rates.Count / 2], rates[0], rates[^1]);
    }

    private static List<DomainEvent> NewBatch(int size) =>
        [.. Enumerable.Range(0, size).Select(i => new SqliteBenchEvent($"Task {i}", "Write the quarterly report and send it to the team", i % 5))];

    /// <summary>The reference: plain Microsoft.Data.Sqlite code with no store semantics.</summary>
    private sealed class RawSqlite : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<int, SqliteCommand> _inserts = [];

        private RawSqlite(SqliteConnection connection) => _connection = connection;

        public static RawSqlite Open(string path, bool createSchema = true)
        {
            var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            Exec(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
            if (createSchema)
            {
                Exec(connection, """
                    CREATE TABLE events (global_position INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, stream_id TEXT NOT NULL,
                        stream_position INTEGER NOT NULL, aggregate_type TEXT NOT NULL, event_type TEXT NOT NULL, tenant_id TEXT,
                        occurred_at INTEGER NOT NULL, stored_at INTEGER NOT NULL, payload TEXT NOT NULL);
                    CREATE UNIQUE INDEX ux_events_event_id ON events (event_id);
                    CREATE UNIQUE INDEX ux_events_stream ON events (stream_id, stream_position);
                    CREATE INDEX ix_events_aggregate_type ON events (aggregate_type, global_position);
                    CREATE INDEX ix_events_tenant ON events (tenant_id, global_position) WHERE tenant_id IS NOT NULL;
                    """);
            }

            return new RawSqlite(connection);
        }

        public void Append(Guid stream, List<DomainEvent> events)
        {
            using var transaction = _connection.BeginTransaction();
            var insert = Insert(events.Count);
            insert.Transaction = transaction;
            var streamId = $"{stream:D}:Bench";
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                var p = i * 9;
                insert.Parameters[p].Value = e.EventId.ToString("D");
                insert.Parameters[p + 1].Value = streamId;
                insert.Parameters[p + 2].Value = i + 1;
                insert.Parameters[p + 3].Value = "Bench";
                insert.Parameters[p + 4].Value = e.EventType;
                insert.Parameters[p + 5].Value = DBNull.Value;
                insert.Parameters[p + 6].Value = now;
                insert.Parameters[p + 7].Value = now;
                insert.Parameters[p + 8].Value = JsonSerializer.Serialize((SqliteBenchEvent)e, Json);
            }

            insert.ExecuteNonQuery();
            transaction.Commit();
        }

        public long ReadAll()
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT global_position, payload FROM events ORDER BY global_position";
            using var reader = select.ExecuteReader();
            long count = 0;
            while (reader.Read())
            {
                var e = JsonSerializer.Deserialize<SqliteBenchEvent>(reader.GetString(1), Json);
                count += e is not null && reader.GetInt64(0) > 0 ? 1 : 0;
            }

            return count;
        }

        public void Dispose()
        {
            foreach (var insert in _inserts.Values)
            {
                insert.Dispose();
            }

            _connection.Dispose();
        }

        private SqliteCommand Insert(int rows)
        {
            if (!_inserts.TryGetValue(rows, out var insert))
            {
                var sql = new StringBuilder("INSERT INTO events (event_id, stream_id, stream_position, aggregate_type, event_type, tenant_id, occurred_at, stored_at, payload) VALUES ");
                insert = _connection.CreateCommand();
                for (var i = 0; i < rows; i++)
                {
                    sql.Append(i == 0 ? "" : ", ").Append('(').AppendJoin(", ", Enumerable.Range(0, 9).Select(c => $"@p{(i * 9) + c}")).Append(')');
                    for (var c = 0; c < 9; c++)
                    {
                        insert.Parameters.Add(new SqliteParameter($"@p{(i * 9) + c}", null));
                    }
                }

                insert.CommandText = sql.ToString();
                insert.Prepare();
                _inserts[rows] = insert;
            }

            return insert;
        }

        private static void Exec(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>The benchmark's event: about 300 bytes of JSON with its envelope.</summary>
[EventType("SqliteBenchEvent")]
internal sealed record SqliteBenchEvent(string Title, string Description, int Priority) : DomainEvent
{
    public override string AggregateType { get; init; } = "Bench";
}
