// Keyset-paged reads: every ReadOptions filter in SQL, one page of rows in memory at a time, decoded through the codec.
using System.Runtime.CompilerServices;
using EventStore.Functional.Codec;
using Npgsql;

namespace EventStore.Functional.Postgres;

/// <summary>
/// Reads streams and the feed in pages. Each page is one statement ordered by position and bounded by the last position
/// of the previous page (keyset paging), so a page costs the same however deep into the store it starts. Rows stream
/// from the socket one at a time, so memory stays bounded whatever the page size; pages start at <see cref="FirstPage"/>
/// rows (cheap short reads and early exits) and double up to <c>pageSize</c> (few statements for long reads).
/// </summary>
internal sealed class PostgresReader(NpgsqlDataSource dataSource, PostgresSql sql, EventRegistry registry, int pageSize)
{
    /// <summary>Rows asked for by a read's first statement (at most the configured page size).</summary>
    public const int FirstPage = 500;

    /// <summary>
    /// The events of <paramref name="stream"/> (or of every stream when null) passing <paramref name="options"/>.
    /// <paramref name="feedPrefix"/> restricts a global read to the feed's safe prefix (SPEC §4); <paramref name="before"/>
    /// is an exclusive upper bound on positions.
    /// </summary>
    public async IAsyncEnumerable<StoredEvent> ReadAsync(StreamKey? stream, ReadOptions options, bool feedPrefix, long? before, [EnumeratorCancellation] CancellationToken ct)
    {
        var remaining = options.Limit ?? long.MaxValue;
        var after = options.FromPosition;
        var backward = options.Direction == ReadDirection.Backward;
        var streamId = stream?.Id;
        var last = (Guid.Empty, "", "");
        var page = Math.Min(FirstPage, pageSize);
        while (remaining > 0)
        {
            var take = (int)Math.Min(page, remaining);
            page = Math.Min(page * 2, pageSize);
            var count = 0;
            var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using (conn.ConfigureAwait(false))
            {
                var cmd = Command(conn, withVersion: false, stream, options, feedPrefix, after, before, take);
                await using (cmd.ConfigureAwait(false))
                {
                    await cmd.PrepareAsync(ct).ConfigureAwait(false); // once per pooled connection and query shape
                    var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            ct.ThrowIfCancellationRequested(); // rows already buffered do not check the token themselves
                            var e = Decode(reader, 0, streamId, ref last);
                            count++;
                            if (backward)
                            {
                                before = Position(e, stream);
                            }
                            else
                            {
                                after = Position(e, stream);
                            }

                            yield return e;
                        }
                    }
                }
            }

            remaining -= count;
            if (count < take)
            {
                yield break;
            }
        }
    }

    /// <summary><c>GetEventsAsync</c>: the stream's version and its events passing <paramref name="options"/>, from one snapshot.</summary>
    public async Task<EventStream> GetEventsAsync(StreamKey stream, ReadOptions options, CancellationToken ct)
    {
        var events = new List<DomainEvent>();
        long version = 0, lastPosition = 0;
        var last = (Guid.Empty, "", "");
        var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            var cmd = Command(conn, withVersion: true, stream, options, false, options.FromPosition, null, Math.Min(FirstPage, pageSize));
            await using (cmd.ConfigureAwait(false))
            {
                await cmd.PrepareAsync(ct).ConfigureAwait(false);
                var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        version = reader.GetInt64(0);
                        if (!reader.IsDBNull(1))
                        {
                            var e = Decode(reader, 1, stream.Id, ref last);
                            events.Add(e.Event);
                            lastPosition = e.StreamPosition;
                        }
                    }
                }
            }
        }

        if (events.Count == Math.Min(FirstPage, pageSize))
        {
            // A long stream: the rest, clamped to the version read above so the result is that snapshot's stream.
            var rest = options with { FromPosition = lastPosition };
            await foreach (var e in ReadAsync(stream, rest, false, version + 1, ct).ConfigureAwait(false))
            {
                events.Add(e.Event);
            }
        }

        return new EventStream(stream.AggregateId, stream.AggregateType, events, version);
    }

    private static long Position(StoredEvent e, StreamKey? stream) => stream is null ? e.GlobalPosition : e.StreamPosition;

    private NpgsqlCommand Command(NpgsqlConnection conn, bool withVersion, StreamKey? stream, ReadOptions options, bool feedPrefix, long after, long? before, int take)
    {
        var shape = (stream is null ? ReadShape.None : ReadShape.Stream)
            | (feedPrefix ? ReadShape.FeedPrefix : 0)
            | (options.Direction == ReadDirection.Backward ? ReadShape.Backward : 0)
            | (before is null ? 0 : ReadShape.Before)
            | (options.FromTimestamp is null ? 0 : ReadShape.From)
            | (options.ToTimestamp is null ? 0 : ReadShape.To)
            | (options.TenantId is null ? 0 : ReadShape.Tenant)
            | (options.AggregateType is null ? 0 : ReadShape.Type);
        var cmd = new NpgsqlCommand(withVersion ? sql.ReadWithVersion(shape) : sql.Read(shape), conn);
        var p = cmd.Parameters;
        if (stream is { } s)
        {
            p.Add(new NpgsqlParameter { Value = s.AggregateId });
            p.Add(new NpgsqlParameter { Value = s.AggregateType });
        }

        // Same order as PostgresSql.BuildRead.
        p.Add(new NpgsqlParameter { Value = after });
        AddIf(p, before);
        AddIf(p, Microseconds(options.FromTimestamp));
        AddIf(p, Microseconds(options.ToTimestamp));
        AddIf(p, options.TenantId);
        if (options.AggregateType is not null)
        {
            p.Add(new NpgsqlParameter { Value = options.AggregateType });
        }

        p.Add(new NpgsqlParameter { Value = take });
        return cmd;
    }

    private static void AddIf<T>(NpgsqlParameterCollection p, T? value) where T : struct
    {
        if (value is { } v)
        {
            p.Add(new NpgsqlParameter { Value = v });
        }
    }

    // Stored instants are whole microseconds, so "occurred_at >= t" and "occurred_at < t" mean the same with t rounded up
    // to a whole microsecond; rounding here keeps the driver's own rounding out of the semantics (ReadModel is exact).
    private static DateTimeOffset? Microseconds(DateTimeOffset? instant)
    {
        if (instant is not { } t)
        {
            return null;
        }

        var ticks = t.UtcTicks;
        var rest = ticks % TimeSpan.TicksPerMicrosecond;
        return rest == 0 ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : ticks > DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerMicrosecond ? DateTimeOffset.MaxValue // 'infinity'
            : new DateTimeOffset(ticks - rest + TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }

    // Columns as PostgresSql.Columns, from ordinal o. The stream id comes from the decoded event (the payload carries the
    // stamped aggregate id and type); a feed read reuses the previous row's string while the stream stays the same
    // (batches are stored contiguously), saving an allocation per event.
    private StoredEvent Decode(NpgsqlDataReader reader, int o, string? streamId, ref (Guid Id, string Type, string StreamId) last)
    {
        var e = EventCodec.Decode(reader.GetString(o + 2), reader.GetFieldValue<byte[]>(o + 4), registry);
        if (streamId is null)
        {
            if (e.AggregateId != last.Id || !string.Equals(e.AggregateType, last.Type, StringComparison.Ordinal))
            {
                last = (e.AggregateId, e.AggregateType, StreamKey.Format(e.AggregateId, e.AggregateType));
            }

            streamId = last.StreamId;
        }

        return new StoredEvent(e, streamId, reader.GetInt64(o + 1), reader.GetInt64(o), reader.GetFieldValue<DateTimeOffset>(o + 3));
    }
}
