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

    /// <summary>
    /// A stream's events after stream position <paramref name="after"/>, in stream order, decoded from the three columns
    /// they need (no <see cref="StoredEvent"/> per row), with the stream position of the last one (0 when there are none).
    /// One statement, so one snapshot: with no filter, the last row is the stream's last event and its position is the
    /// stream's version.
    /// </summary>
    public static List<DomainEvent> FetchStreamEvents(SqliteSession session, string streamId, long after, EventRegistry registry, out long lastPosition)
    {
        var command = session.Prepared(StreamEventsSql, ["@stream", "@after"]);
        command.Parameters[0].Value = streamId;
        command.Parameters[1].Value = after;
        var events = new List<DomainEvent>(64);
        var types = new Utf8Strings(8);
        lastPosition = 0;
        using var reader = command.ExecuteReader();
        var row = reader.Handle!;
        while (reader.Read())
        {
            lastPosition = raw.sqlite3_column_int64(row, 0);
            events.Add(EventCodec.Decode(types.Get(raw.sqlite3_column_blob(row, 1)), raw.sqlite3_column_blob(row, 2), registry));
        }

        return events;
    }

    private const string StreamEventsSql =
        "SELECT stream_position, event_type, payload FROM events WHERE stream_id = @stream AND stream_position > @after ORDER BY stream_position";

    // Columns: global_position, stream_id, stream_position, event_type, stored_at, payload (UTF-8 JSON, decoded in place).
    private static StoredEvent Decode(sqlite3_stmt row, EventRegistry registry, Utf8Strings streams, Utf8Strings types)
    {
        var e = EventCodec.Decode(types.Get(raw.sqlite3_column_blob(row, 3)), raw.sqlite3_column_blob(row, 5), registry);
        return new StoredEvent(
            e, streams.Get(raw.sqlite3_column_blob(row, 1)), raw.sqlite3_column_int64(row, 2), raw.sqlite3_column_int64(row, 0), Micros.ToInstant(raw.sqlite3_column_int64(row, 4)));
    }
}
