// SQLite: the store beside hand-written Microsoft.Data.Sqlite code doing the same physical work (the ceiling).
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EventStore.Functional.Sqlite;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Benchmarks;

/// <summary>
/// 1-event appends, 100-event appends (new streams) and a full ReadAllAsync, each measured in interleaved rounds
/// against raw Microsoft.Data.Sqlite: the same table and indexes, WAL and synchronous=FULL as the store's defaults, a
/// prepared INSERT in one transaction per batch (one multi-row statement, and also one statement per row, which the
/// driver runs faster), and SELECT ordered by position with System.Text.Json deserialisation into the same event class.
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
            await CompareAsync(context, directory, "append 1-event batches", batch: 1, batches: quick ? 20 : 100);
            await CompareAsync(context, directory, "append 100-event batches", batch: 100, batches: quick ? 2 : 10);
            await CompareReadAllAsync(context, directory, quick ? 20_000 : 100_000);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // Appends to new streams, `batches` per block; a batch of several events is compared with both plain ways to write it.
    private static async Task CompareAsync(BenchmarkContext context, string directory, string scenario, int batch, int batches)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var store = await OpenStoreAsync(Path.Combine(directory, $"store-{tag}.db"));
        using var multiRow = RawSqlite.Open(Path.Combine(directory, $"raw-{tag}.db"));
        using var rowByRow = RawSqlite.Open(Path.Combine(directory, $"raw-rows-{tag}.db"));
        Func<Task<long>> Raw(Action<Guid, List<DomainEvent>> append) => () =>
        {
            for (var i = 0; i < batches; i++)
            {
                append(Guid.NewGuid(), NewBatch(batch));
            }

            return Task.FromResult((long)batch * batches);
        };
        List<Func<Task<long>>> sides =
        [
            async () =>
            {
                for (var i = 0; i < batches; i++)
                {
                    await store.AppendEventsAsync(Guid.NewGuid(), "Bench", NewBatch(batch), ExpectedVersion.NoStream);
                }

                return (long)batch * batches;
            },
            Raw(multiRow.Append),
        ];
        if (batch > 1)
        {
            sides.Add(Raw(rowByRow.AppendRowByRow));
        }

        var stats = await InterleaveAsync(context, blocks: 20, sides);
        context.Report("sqlite", scenario, stats[0], batch > 1 ? "raw multi-row INSERT" : "raw INSERT", stats[1]);
        if (batch > 1)
        {
            context.Report("sqlite", scenario, stats[0], "raw INSERT per row", stats[2]);
        }
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
        var stats = await InterleaveAsync(context, blocks: context.Quick ? 1 : 2, [
            async () =>
            {
                long count = 0;
                await foreach (var stored in store.ReadAllAsync())
                {
                    count += stored.Event is SqliteBenchEvent ? 1 : 0;
                }

                return count;
            },
            () => Task.FromResult(raw.ReadAll()),
        ]);
        context.Report("sqlite", $"ReadAllAsync over {events:N0} events", stats[0], "raw SELECT + STJ", stats[1]);
    }

    private static async Task<SqliteEventStore> OpenStoreAsync(string path)
    {
        var store = new SqliteEventStore(new SqliteEventStoreOptions { Database = path, Registry = Registry });
        await store.InitializeAsync();
        return store;
    }

    // Each round runs every side's block `blocks` times, alternating between sides block by block, so that the load of a
    // shared machine (fsync latency above all) falls on the sides alike; a side's rate is its events over its own time.
    private static async Task<BenchmarkContext.Stats[]> InterleaveAsync(BenchmarkContext context, int blocks, List<Func<Task<long>>> sides)
    {
        foreach (var side in sides)
        {
            await side(); // warm-up
        }

        var rates = sides.Select(_ => new List<double>()).ToList();
        for (var round = 0; round < context.Rounds; round++)
        {
            var (events, seconds) = (new long[sides.Count], new double[sides.Count]);
            for (var block = 0; block < blocks; block++)
            {
                for (var s = 0; s < sides.Count; s++)
                {
                    var watch = Stopwatch.StartNew();
                    events[s] += await sides[s]();
                    seconds[s] += watch.Elapsed.TotalSeconds;
                }
            }

            for (var s = 0; s < sides.Count; s++)
            {
                rates[s].Add(events[s] / seconds[s]);
            }
        }

        return [.. rates.Select(Stats)];
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

        public void AppendRowByRow(Guid stream, List<DomainEvent> events)
        {
            using var transaction = _connection.BeginTransaction();
            var insert = Insert(1);
            insert.Transaction = transaction;
            var streamId = $"{stream:D}:Bench";
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                insert.Parameters[0].Value = e.EventId.ToString("D");
                insert.Parameters[1].Value = streamId;
                insert.Parameters[2].Value = i + 1;
                insert.Parameters[3].Value = "Bench";
                insert.Parameters[4].Value = e.EventType;
                insert.Parameters[5].Value = DBNull.Value;
                insert.Parameters[6].Value = now;
                insert.Parameters[7].Value = now;
                insert.Parameters[8].Value = JsonSerializer.Serialize((SqliteBenchEvent)e, Json);
                insert.ExecuteNonQuery();
            }

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
