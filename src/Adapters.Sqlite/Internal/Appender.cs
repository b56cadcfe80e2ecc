// AppendFlow's effects on a write session: facts loaded under BEGIN IMMEDIATE, the core's writes inserted, then COMMIT.
using System.Globalization;
using System.Numerics;
using System.Text;
using EventStore.Functional.Append;
using EventStore.Functional.Codec;
using LanguageExt;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>
/// The SQLite side of <see cref="AppendFlow"/>, on a write session. No rule lives here: <see cref="LoadFactsAsync"/>
/// starts a <c>BEGIN IMMEDIATE</c> transaction (the file's write lock, which keeps every stream still) and loads the
/// versions and stored ids; <see cref="TryWriteAsync"/> inserts the core's writes as they are and commits. A unique
/// index that refuses a row (the facts moved: a writer that bypassed the lock) is a refutation: the flow decides again
/// on fresh facts. Every step runs synchronously (the returned tasks are complete).
/// </summary>
internal sealed class Appender(SqliteSession session, EventRegistry registry) : IAppendSession
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

    /// <summary>False: the facts are loaded under the write lock, which costs no round trip in an embedded database.</summary>
    public bool ChecksAssumedFacts => false;

    /// <inheritdoc />
    public Task<GroupFacts> LoadFactsAsync(Seq<AppendRequest> members, CancellationToken ct)
    {
        session.RollbackQuietly(); // a refuted attempt's transaction has ended; this is a no-op then
        session.Execute("BEGIN IMMEDIATE");
        var versions = HashMap<string, long>.Empty;
        foreach (var stream in members.Map(m => m.Stream).Distinct())
        {
            versions = versions.AddOrUpdate(stream.Id, Version(stream));
        }

        return Task.FromResult(new GroupFacts(versions, Locations(members.Bind(m => m.DistinctEventIds).Distinct().Strict())));
    }

    /// <inheritdoc />
    public Task<WriteOutcome> TryWriteAsync(GroupDecision decision, CancellationToken ct)
    {
        if (!session.InTransaction)
        {
            throw new InvalidOperationException("The SQLite appender writes only on facts it loaded (ChecksAssumedFacts is false).");
        }

        var positions = new long[decision.Writes.Count];
        try
        {
            var i = 0;
            foreach (var write in decision.Writes)
            {
                Insert(write);
                positions[i++] = session.LastInsertRowId;
            }
        }
        catch (SqliteException ex) when (SqliteErrors.IsUniqueViolation(ex))
        {
            // Backstop: a unique index refused a row the decision took as new, so the facts moved under it.
            session.RollbackQuietly();
            return Task.FromResult(WriteOutcome.Refuted);
        }

        session.Execute(positions.Length == 0 ? "ROLLBACK" : "COMMIT");
        return Task.FromResult<WriteOutcome>(new WriteOutcome.Written(positions.ToSeq()));
    }

    // The stream's version: one index seek.
    private long Version(StreamKey stream)
    {
        var version = session.Native(StreamVersionSql);
        try
        {
            version.Bind(1, stream.Id);
            return version.Read() ? version.Int64(0) : 0L;
        }
        finally
        {
            version.Reset();
        }
    }

    // Where the ids are already stored.
    private HashMap<Guid, EventLocation> Locations(Seq<Guid> ids)
    {
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

        return existing;
    }

    /// <summary>Inserts a write's events in batch order; their global positions are consecutive (one writer holds the lock).</summary>
    private void Insert(AppendDecision.Write write)
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
