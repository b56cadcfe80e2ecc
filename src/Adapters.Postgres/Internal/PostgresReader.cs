// Keyset-paged reads: every ReadOptions filter in SQL, rows streamed from the connection, payloads decoded ahead of the consumer.
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using EventStore.Functional.Codec;
using Npgsql;

namespace EventStore.Functional.Postgres.Internal;

/// <summary>
/// Reads streams and the feed in pages. Each page is one statement ordered by position and bounded by the last position
/// of the previous page (keyset paging), so a page costs the same however deep into the store it starts. Rows stream
/// from the socket one at a time, so memory stays bounded whatever the page size; pages start at <see cref="FirstPage"/>
/// rows (cheap short reads and early exits) and double up to <c>pageSize</c> (few statements for long reads).
/// </summary>
internal sealed class PostgresReader(KeptConnections connections, PostgresSql sql, EventRegistry registry, int pageSize, int chunkRows = PostgresReader.ChunkRows)
{
    /// <summary>Rows asked for by a read's first statement (at most the configured page size).</summary>
    public const int FirstPage = 500;

    /// <summary>Rows decoded together, off the reading thread, in a long read.</summary>
    public const int ChunkRows = 256;

    /// <summary>Chunks read ahead of the consumer at most (decoded or decoding).</summary>
    public const int MaxChunksAhead = 4;

    private readonly int _chunkRows = chunkRows >= 1 ? chunkRows : throw new ArgumentOutOfRangeException(nameof(chunkRows), chunkRows, "A read's decode chunk must hold at least one row.");

    /// <summary>
    /// The events of <paramref name="stream"/> (or of every stream when null) passing <paramref name="options"/>.
    /// <paramref name="feedPrefix"/> restricts a global read to the feed's safe prefix (SPEC §4); <paramref name="before"/>
    /// is an exclusive upper bound on positions.
    /// </summary>
    /// <remarks>
    /// The first statement's rows (at most <see cref="FirstPage"/>) are decoded and returned one by one, so short reads
    /// and early exits cost what they did. From the second statement on, the read is long, and decoding the JSON
    /// payloads, most of its client time, runs ahead of the consumer: rows are read in chunks (<see cref="ChunkRows"/>
    /// rows by default), each full chunk is decoded on the thread pool while the next rows are read, decoded chunks are
    /// returned whenever another chunk is started and when the read ends, and at most <see cref="MaxChunksAhead"/> chunks are in flight (bounded memory).
    /// Events come out in position order exactly as read. A payload that fails to decode ends the read with the codec's
    /// exception after every event before it, unless the read fails first in the few chunks read after it: a failure
    /// of the connection, or a cancellation, ends the read with its own exception, and the events read but not yet
    /// returned are not returned (none is skipped: a retry from the last position returned reads them). A consumer that
    /// stops early waits only for the chunks already started.
    /// </remarks>
    public async IAsyncEnumerable<StoredEvent> ReadAsync(StreamKey? stream, ReadOptions options, bool feedPrefix, long? before, [EnumeratorCancellation] CancellationToken ct)
    {
        var remaining = options.Limit ?? long.MaxValue;
        var after = options.FromPosition;
        var backward = options.Direction == ReadDirection.Backward;
        var page = Math.Min(FirstPage, pageSize);
        var last = Run.None;
        var firstStatement = true;
        var ahead = new Queue<Task<Chunk>>();
        var rows = new Row[_chunkRows];
        var filled = 0;
        try
        {
            while (remaining > 0)
            {
                var take = (int)Math.Min(page, remaining);
                page = Math.Min(page * 2, pageSize);
                var count = 0;
                var lease = await connections.TakeAsync(ct).ConfigureAwait(false);
                var clean = false; // kept for another call only if this page's rows were all read without a failure
                try
                {
                    var conn = lease.Connection;
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
                                var row = ReadRow(reader, 0);
                                count++;
                                var position = stream is null ? row.GlobalPosition : row.StreamPosition;
                                if (backward)
                                {
                                    before = position;
                                }
                                else
                                {
                                    after = position;
                                }

                                if (firstStatement)
                                {
                                    yield return Decode(row, stream, ref last); // short reads and early exits: row by row
                                    continue;
                                }

                                rows[filled++] = row;
                                if (filled < rows.Length)
                                {
                                    continue;
                                }

                                var full = rows;
                                ahead.Enqueue(Task.Run(() => DecodeChunk(full, full.Length, stream), CancellationToken.None));
                                (rows, filled) = (new Row[_chunkRows], 0);

                                // Return what is decoded already; wait for the oldest chunk only when the most are in flight.
                                while (ahead.Count > 0 && (ahead.Count >= MaxChunksAhead || ahead.Peek().IsCompleted))
                                {
                                    var chunk = await ahead.Dequeue().ConfigureAwait(false);
                                    for (var i = 0; i < chunk.Count; i++)
                                    {
                                        ct.ThrowIfCancellationRequested();
                                        yield return chunk.Events[i];
                                    }

                                    chunk.Failure?.Throw();
                                }
                            }
                        }
                    }

                    clean = true;
                }
                finally
                {
                    await connections.ReturnAsync(lease, clean).ConfigureAwait(false);
                }

                firstStatement = false;
                remaining -= count;
                if (count < take)
                {
                    break;
                }
            }

            // The read is over: what is still decoding, then the last, partial chunk (decoded here: nothing to overlap).
            if (filled > 0)
            {
                ahead.Enqueue(Task.FromResult(DecodeChunk(rows, filled, stream)));
            }

            while (ahead.Count > 0)
            {
                var chunk = await ahead.Dequeue().ConfigureAwait(false);
                for (var i = 0; i < chunk.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    yield return chunk.Events[i];
                }

                chunk.Failure?.Throw();
            }
        }
        finally
        {
            // Stopped early, failed or cancelled: the decodes already started finish (they never throw) before the
            // enumerator's disposal completes, so none outlives the read.
            while (ahead.Count > 0)
            {
                await ahead.Dequeue().ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>GetEventsAsync</c>: the stream's version and its events passing <paramref name="options"/>, from one snapshot.</summary>
    public async Task<EventStream> GetEventsAsync(StreamKey stream, ReadOptions options, CancellationToken ct)
    {
        var events = new List<DomainEvent>();
        long version = 0, lastPosition = 0;
        var last = Run.None;
        await connections.RunAsync(async conn =>
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
                            var e = Decode(ReadRow(reader, 1), stream, ref last);
                            events.Add(e.Event);
                            lastPosition = e.StreamPosition;
                        }
                    }
                }
            }

            return true;
        }, ct).ConfigureAwait(false);

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

    // Columns as PostgresSql.Columns, from ordinal o: what a row carries before its payload is decoded.
    private static Row ReadRow(NpgsqlDataReader reader, int o) =>
        new(reader.GetInt64(o), reader.GetInt64(o + 1), reader.GetString(o + 2), reader.GetFieldValue<DateTimeOffset>(o + 3), reader.GetFieldValue<byte[]>(o + 4),
            reader.GetGuid(o + 5), reader.GetGuid(o + 6), reader.GetString(o + 7), reader.IsDBNull(o + 8) ? null : reader.GetGuid(o + 8), reader.GetFieldValue<DateTimeOffset>(o + 9));

    // The first `count` rows decoded in order; a row that fails stops the chunk there, keeping the events before it.
    private Chunk DecodeChunk(Row[] rows, int count, StreamKey? stream)
    {
        var events = new StoredEvent[count];
        var last = Run.None;
        for (var i = 0; i < count; i++)
        {
            try
            {
                events[i] = Decode(rows[i], stream, ref last);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return new Chunk(events, i, ExceptionDispatchInfo.Capture(ex));
            }
        }

        return new Chunk(events, count, null);
    }

    // The stream and the envelope come from the row's columns, never from the payload (the envelope is the store's). A
    // feed read reuses the previous row's key and id string while the stream stays the same (batches are stored
    // contiguously), saving a validation and the stream id string per event (the row's aggregate type is still read as a
    // string per row).
    private StoredEvent Decode(in Row row, StreamKey? stream, ref Run last)
    {
        if (stream is not { } key)
        {
            if (row.AggregateId != last.Key.AggregateId || !string.Equals(row.AggregateType, last.Key.AggregateType, StringComparison.Ordinal))
            {
                var next = StreamKey.Create(row.AggregateId, row.AggregateType);
                last = new Run(next, next.Id);
            }

            key = last.Key;
        }
        else if (last.Id is null)
        {
            last = new Run(key, key.Id);
        }

        var envelope = new StoredEnvelope(row.EventId, key, row.StreamPosition, row.TenantId, row.OccurredAt);
        var e = EventCodec.DecodeStored(row.EventType, row.Payload, registry, envelope);
        return new StoredEvent(e, last.Id!, row.StreamPosition, row.GlobalPosition, row.StoredAt);
    }

    /// <summary>A row as read, its payload still JSON.</summary>
    private readonly record struct Row(
        long GlobalPosition, long StreamPosition, string EventType, DateTimeOffset StoredAt, byte[] Payload,
        Guid EventId, Guid AggregateId, string AggregateType, Guid? TenantId, DateTimeOffset OccurredAt);

    /// <summary>The stream of the rows decoded last, and its id string (null before the first row).</summary>
    private readonly record struct Run(StreamKey Key, string? Id)
    {
        public static Run None => default;
    }

    /// <summary>The first <see cref="Count"/> rows of a chunk decoded; <see cref="Failure"/> is why the rest were not.</summary>
    private sealed record Chunk(StoredEvent[] Events, int Count, ExceptionDispatchInfo? Failure);
}
