// Runs one page of a read and turns its rows into StoredEvents, decoding payloads straight from SQLite's buffer.
using EventStore.Functional.Codec;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>Executes <see cref="ReadQuery"/> pages and decodes their rows.</summary>
internal static class EventRows
{
    /// <summary>No LIMIT (SQLite treats a negative limit as none).</summary>
    public const int Unlimited = -1;

    /// <summary>
    /// One page of <paramref name="query"/>: positions after <paramref name="after"/> (and, backward, before
    /// <paramref name="before"/>), filtered by <paramref name="options"/>, at most <paramref name="size"/> rows.
    /// </summary>
    public static List<StoredEvent> Fetch(
        SqliteSession session, ReadQuery query, string? streamId, ReadOptions options, long after, long before, int size, EventRegistry registry)
    {
        var command = session.Prepared(query.Sql, query.Parameters);
        var p = command.Parameters;
        for (var i = 0; i < query.Parameters.Length; i++)
        {
            p[i].Value = query.Parameters[i] switch
            {
                "@stream" => streamId,
                "@after" => after,
                "@before" => before,
                "@from" => Micros.Ceiling(options.FromTimestamp!.Value),
                "@to" => Micros.Ceiling(options.ToTimestamp!.Value),
                "@tenant" => options.TenantId!.Value.ToString("D"),
                "@type" => options.AggregateType,
                "@page" => size,
                var name => throw new InvalidOperationException($"Unknown read parameter {name}."),
            };
        }

        var page = new List<StoredEvent>(size is Unlimited or > 1024 ? 64 : size);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            page.Add(Decode(reader, registry));
        }

        return page;
    }

    private static StoredEvent Decode(SqliteDataReader row, EventRegistry registry)
    {
        // Columns: global_position, stream_id, stream_position, event_type, stored_at, payload (UTF-8 JSON text).
        var payload = raw.sqlite3_column_blob(row.Handle, 5);
        var e = EventCodec.Decode(row.GetString(3), payload, registry);
        return new StoredEvent(e, row.GetString(1), row.GetInt64(2), row.GetInt64(0), Micros.ToInstant(row.GetInt64(4)));
    }
}
