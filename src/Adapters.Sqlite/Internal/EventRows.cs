// Runs one page of a read and turns its rows into StoredEvents, decoding payloads straight from SQLite's buffer.
using System.Buffers.Text;
using System.Text;
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
        var last = (Id: "", Key: default(StreamKey));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            page.Add(Decode(reader.Handle!, registry, streams, types, ref last));
        }

        return page;
    }

    /// <summary>
    /// A stream's events after stream position <paramref name="after"/>, in stream order, decoded from the three columns
    /// they need (no <see cref="StoredEvent"/> per row), with the stream position of the last one (0 when there are none).
    /// One statement, so one snapshot: with no filter, the last row is the stream's last event and its position is the
    /// stream's version.
    /// </summary>
    public static List<DomainEvent> FetchStreamEvents(SqliteSession session, StreamKey stream, long after, EventRegistry registry, out long lastPosition)
    {
        var command = session.Prepared(StreamEventsSql, ["@stream", "@after"]);
        command.Parameters[0].Value = stream.Id;
        command.Parameters[1].Value = after;
        var events = new List<DomainEvent>(64);
        var types = new Utf8Strings(8);
        lastPosition = 0;
        using var reader = command.ExecuteReader();
        var row = reader.Handle!;
        while (reader.Read())
        {
            lastPosition = raw.sqlite3_column_int64(row, 0);
            var envelope = Envelope(row, stream, lastPosition, 3);
            events.Add(EventCodec.DecodeStored(types.Get(raw.sqlite3_column_blob(row, 1)), raw.sqlite3_column_blob(row, 2), registry, envelope));
        }

        return events;
    }

    private const string StreamEventsSql =
        "SELECT stream_position, event_type, payload, event_id, tenant_id, occurred_at FROM events WHERE stream_id = @stream AND stream_position > @after ORDER BY stream_position";

    // Columns as ReadSql's: global_position, stream_id, stream_position, event_type, stored_at, payload (UTF-8 JSON, decoded
    // in place), event_id, tenant_id, occurred_at. A feed's rows come in runs of one stream: its key is parsed once a run.
    private static StoredEvent Decode(sqlite3_stmt row, EventRegistry registry, Utf8Strings streams, Utf8Strings types, ref (string Id, StreamKey Key) last)
    {
        var streamId = streams.Get(raw.sqlite3_column_blob(row, 1));
        if (!ReferenceEquals(streamId, last.Id))
        {
            last = (streamId, StreamKey.Parse(streamId));
        }

        var position = raw.sqlite3_column_int64(row, 2);
        var e = EventCodec.DecodeStored(types.Get(raw.sqlite3_column_blob(row, 3)), raw.sqlite3_column_blob(row, 5), registry, Envelope(row, last.Key, position, 6));
        return new StoredEvent(e, streamId, position, raw.sqlite3_column_int64(row, 0), Micros.ToInstant(raw.sqlite3_column_int64(row, 4)));
    }

    // The envelope the row's columns keep (event_id, tenant_id, occurred_at from column `at` on): what a read returns, whatever the payload says.
    private static StoredEnvelope Envelope(sqlite3_stmt row, StreamKey stream, long position, int at)
    {
        var tenant = raw.sqlite3_column_blob(row, at + 1);
        return new StoredEnvelope(
            GuidOf(raw.sqlite3_column_blob(row, at)), stream, position, tenant.IsEmpty ? null : GuidOf(tenant), Micros.ToInstant(raw.sqlite3_column_int64(row, at + 2)));
    }

    private static Guid GuidOf(ReadOnlySpan<byte> utf8) =>
        Utf8Parser.TryParse(utf8, out Guid id, out var used, 'D') && used == utf8.Length
            ? id
            : throw new EventStoreException($"A stored id column holds '{Encoding.UTF8.GetString(utf8)}', which is not a GUID.");
}
