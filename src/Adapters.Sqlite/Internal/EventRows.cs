// Runs one page of a read and turns its rows into StoredEvents, decoding payloads straight from SQLite's buffer.
using EventStore.Functional.Codec;
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
        var (streams, types) = (new Utf8Strings(4), new Utf8Strings(8));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            page.Add(Decode(reader.Handle!, registry, streams, types));
        }

        return page;
    }

    // Columns: global_position, stream_id, stream_position, event_type, stored_at, payload (UTF-8 JSON, decoded in place).
    private static StoredEvent Decode(sqlite3_stmt row, EventRegistry registry, Utf8Strings streams, Utf8Strings types)
    {
        var e = EventCodec.Decode(types.Get(raw.sqlite3_column_blob(row, 3)), raw.sqlite3_column_blob(row, 5), registry);
        return new StoredEvent(
            e, streams.Get(raw.sqlite3_column_blob(row, 1)), raw.sqlite3_column_int64(row, 2), raw.sqlite3_column_int64(row, 0), Micros.ToInstant(raw.sqlite3_column_int64(row, 4)));
    }
}
