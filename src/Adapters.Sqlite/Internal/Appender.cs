// One append as one BEGIN IMMEDIATE transaction: load the facts, let the core decide, write its plan, commit.
using System.Globalization;
using System.Numerics;
using System.Text;
using EventStore.Functional.Append;
using EventStore.Functional.Codec;
using LanguageExt;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>
/// Runs an append on a write session. No rule lives here: the stream's version and the batch's stored ids are loaded
/// under the write lock, <see cref="AppendDecider.Decide"/> returns the verdict, and a write verdict is inserted as is.
/// </summary>
internal static class Appender
{
    // A batch is inserted in power-of-two chunks of at most 2^6 rows: few statements to prepare and cache.
    private const int MaxChunkLog2 = 6;

    private const string StreamVersionSql =
        "SELECT stream_position FROM events WHERE stream_id = ?1 ORDER BY stream_position DESC LIMIT 1";

    private const string FindOneSql =
        "SELECT event_id, stream_id, stream_position, global_position FROM events WHERE event_id = ?1";

    private const string FindManySql =
        "SELECT event_id, stream_id, stream_position, global_position FROM events WHERE event_id IN (SELECT value FROM json_each(?1))";

    private static readonly string[] InsertSql = [.. Enumerable.Range(0, MaxChunkLog2 + 1).Select(k => BuildInsert(1 << k))];

    /// <summary>Decides and, when the verdict is a write, persists the append atomically (payloads encoded with <paramref name="registry"/>'s options).</summary>
    /// <exception cref="DuplicateEventException">An id of the batch is stored in another stream.</exception>
    public static Either<ConflictError, AppendResult> Run(SqliteSession session, AppendRequest request, EventRegistry registry, DateTimeOffset now)
    {
        session.Execute("BEGIN IMMEDIATE");
        try
        {
            // A conflict or a retry writes nothing: the transaction is rolled back below, as on any exception.
            return AppendDecider.Decide(request, LoadFacts(session, request), now).Map(decision => decision switch
            {
                AppendDecision.Write write => WriteAndCommit(session, write, registry),
                AppendDecision.Retry retry => retry.Result,
                _ => throw new InvalidOperationException($"Unknown append decision {decision}."),
            });
        }
        finally
        {
            session.RollbackQuietly();
        }
    }

    /// <summary>The stream's version (one index seek) and where the batch's distinct ids are already stored.</summary>
    private static StreamFacts LoadFacts(SqliteSession session, AppendRequest request)
    {
        var version = session.Native(StreamVersionSql);
        long current = 0;
        try
        {
            version.Bind(1, request.Stream.Id);
            current = version.Read() ? version.Int64(0) : 0L;
        }
        finally
        {
            version.Reset();
        }

        var ids = request.DistinctEventIds;
        var find = session.Native(ids.Count == 1 ? FindOneSql : FindManySql);
        var existing = HashMap<Guid, EventLocation>.Empty;
        try
        {
            if (ids.Count == 1)
            {
                find.Bind(1, ids.Head);
            }
            else
            {
                find.Bind(1, JsonArray(ids));
            }

            while (find.Read())
            {
                existing = existing.AddOrUpdate(Guid.Parse(find.Text(0)), new EventLocation(find.Text(1), find.Int64(2), find.Int64(3)));
            }
        }
        finally
        {
            find.Reset();
        }

        return new StreamFacts(current, existing);
    }

    /// <summary>Inserts the decided events in batch order; their global positions are consecutive (one writer holds the lock).</summary>
    private static AppendResult WriteAndCommit(SqliteSession session, AppendDecision.Write write, EventRegistry registry)
    {
        var events = write.Events;
        var stream = write.Stream;
        var storedAt = Micros.Of(write.StoredAt);
        var offset = 0;
        while (offset < events.Count)
        {
            var k = Math.Min(MaxChunkLog2, BitOperations.Log2((uint)(events.Count - offset)));
            var insert = session.Native(InsertSql[k]);
            insert.Bind(1, stream.Id);
            insert.Bind(2, stream.AggregateType);
            insert.Bind(3, storedAt);
            for (var i = 0; i < 1 << k; i++)
            {
                var e = events[offset + i];
                var at = 4 + (i * 6);
                insert.Bind(at, e.EventId);
                insert.Bind(at + 1, e.AggregateVersion);
                insert.Bind(at + 2, e.EventType);
                insert.Bind(at + 3, e.TenantId);
                insert.Bind(at + 4, Micros.Of(e.OccurredAt));
                insert.Bind(at + 5, EventCodec.EncodeUtf8ForAppend(e, registry)); // the codec's limits: an ArgumentException rolls back
            }

            insert.Execute();
            offset += 1 << k;
        }

        var result = write.ResultAt(session.LastInsertRowId);
        session.Execute("COMMIT");
        return result;
    }

    private static string JsonArray(Seq<Guid> ids)
    {
        var json = new StringBuilder(2 + (ids.Count * 39));
        json.Append('[');
        foreach (var id in ids)
        {
            json.Append(json.Length == 1 ? "\"" : ",\"").Append(id.ToString("D")).Append('"');
        }

        return json.Append(']').ToString();
    }

    // Numbered parameters: ?1 stream id, ?2 aggregate type, ?3 stored-at, then six per row from ?4.
    private static string BuildInsert(int rows)
    {
        var sql = new StringBuilder(
            "INSERT INTO events (event_id, stream_id, stream_position, aggregate_type, event_type, tenant_id, occurred_at, stored_at, payload) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            var at = 4 + (i * 6);
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(?{at}, ?1, ?{at + 1}, ?2, ?{at + 2}, ?{at + 3}, ?{at + 4}, ?3, ?{at + 5})");
        }

        return sql.ToString();
    }
}
