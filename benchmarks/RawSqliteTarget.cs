// The SQLite ceiling: hand-written Microsoft.Data.Sqlite code on the store's table shape, with no store semantics.
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using EventStore.Functional.Codec;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Benchmarks;

/// <summary>
/// One connection (SQLite has one writer at a time; concurrent callers queue on a lock), WAL and synchronous=FULL as
/// the store's defaults; one transaction per batch running a reused single-row INSERT per event (faster with this driver than a multi-row INSERT, whose
/// parameters it binds in O(n²)); stream positions from a counter;
/// reads are one SELECT deserialised with System.Text.Json into the same event class.
/// </summary>
public sealed class RawSqliteTarget : IBenchTarget
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly Dictionary<int, SqliteCommand> _inserts = [];
    private readonly ConcurrentDictionary<Guid, long> _positions = new();
    private readonly SqliteCommand _readStream;
    private readonly SqliteCommand _exists;

    private RawSqliteTarget(SqliteConnection connection)
    {
        _connection = connection;
        _readStream = Prepare("SELECT payload FROM events WHERE stream_id = @s ORDER BY stream_position", "@s");
        _exists = Prepare("SELECT EXISTS (SELECT 1 FROM events WHERE event_id = @id)", "@id");
    }

    /// <summary>Opens <paramref name="path"/>; <paramref name="createSchema"/> false reads a table the store made.</summary>
    public static RawSqliteTarget Open(string path, bool createSchema)
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

        return new RawSqliteTarget(connection);
    }

    public Task AppendAsync(Guid stream, IReadOnlyList<DomainEvent> events, bool newStream)
    {
        ArgumentNullException.ThrowIfNull(events);
        var streamId = $"{stream:D}:{BenchEvents.AggregateType}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        lock (_gate)
        {
            var first = _positions.AddOrUpdate(stream, events.Count, (_, p) => p + events.Count) - events.Count;
            using var transaction = _connection.BeginTransaction();
            var insert = Insert(1); // row by row: Microsoft.Data.Sqlite binds a multi-row INSERT in O(parameters²), slower
            insert.Transaction = transaction;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                insert.Parameters[0].Value = e.EventId.ToString("D");
                insert.Parameters[1].Value = streamId;
                insert.Parameters[2].Value = first + i + 1;
                insert.Parameters[3].Value = BenchEvents.AggregateType;
                insert.Parameters[4].Value = e.EventType;
                insert.Parameters[5].Value = DBNull.Value;
                insert.Parameters[6].Value = now;
                insert.Parameters[7].Value = now;
                insert.Parameters[8].Value = JsonSerializer.Serialize((BenchEvent)e, EventCodec.Options);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    public Task<long> ReadStreamAsync(Guid stream)
    {
        lock (_gate)
        {
            _readStream.Parameters[0].Value = $"{stream:D}:{BenchEvents.AggregateType}";
            using var reader = _readStream.ExecuteReader();
            var events = new List<DomainEvent>();
            while (reader.Read())
            {
                events.Add(JsonSerializer.Deserialize<BenchEvent>(reader.GetString(0), EventCodec.Options)!);
            }

            return Task.FromResult((long)events.Count);
        }
    }

    public Task<long> ReadAllAsync()
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT global_position, payload FROM events ORDER BY global_position";
        using var reader = select.ExecuteReader();
        long count = 0;
        while (reader.Read())
        {
            var e = JsonSerializer.Deserialize<BenchEvent>(reader.GetString(1), EventCodec.Options);
            count += e is not null && reader.GetInt64(0) > 0 ? 1 : 0;
        }

        return Task.FromResult(count);
    }

    public Task<bool> ExistsAsync(Guid eventId)
    {
        lock (_gate)
        {
            _exists.Parameters[0].Value = eventId.ToString("D");
            return Task.FromResult(Convert.ToInt64(_exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1);
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var insert in _inserts.Values)
        {
            insert.Dispose();
        }

        _readStream.Dispose();
        _exists.Dispose();
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private SqliteCommand Prepare(string sql, string parameter)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter(parameter, null));
        return command;
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
