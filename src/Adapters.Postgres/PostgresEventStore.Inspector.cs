// The PostgreSQL store's inspector queries (statistics, stream list) for tools; additive to the append and read paths.
using System.Data;
using EventStore.Functional.Reading;
using Npgsql;

using EventStore.Functional.Postgres.Internal;

namespace EventStore.Functional.Postgres;

/// <summary>The <see cref="IEventStoreInspector"/> part of the PostgreSQL store: aggregate queries in one read-only snapshot.</summary>
public sealed partial class PostgresEventStore : IEventStoreInspector
{
    /// <inheritdoc />
    public Task<StoreStatistics> GetStatisticsAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        return Checked(ct, () => PostgresErrors.Guard(StoreName, async () =>
        {
            var conn = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using (conn.ConfigureAwait(false))
            {
                var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    var types = new List<AggregateTypeCount>();
                    var byType = $"SELECT aggregate_type, count(DISTINCT aggregate_id), count(*) FROM {_sql.Events} GROUP BY aggregate_type ORDER BY aggregate_type COLLATE \"C\"";
                    await foreach (var row in RowsAsync(conn, byType, null, ct).ConfigureAwait(false))
                    {
                        types.Add(new AggregateTypeCount((string)row[0], (long)row[1], (long)row[2]));
                    }

                    var totals = $"""
                        SELECT count(*), min(stored_at), max(stored_at), pg_total_relation_size(to_regclass($1)),
                               coalesce(({_sql.FeedHead}), 0)
                        FROM {_sql.Events}
                        """;
                    var t = await FirstRowAsync(conn, totals, _sql.Events, ct).ConfigureAwait(false);
                    return new StoreStatistics(
                        (long)t[0], types.Sum(x => x.Streams), (long)t[4], types, Instant(t[1]), Instant(t[2]), (long)t[3]);
                }
            }
        }));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StreamSummary>> ListStreamsAsync(string? aggregateType = null, int? limit = null, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        Inspection.ValidateListArguments(aggregateType, limit);
        var text = $"""
            SELECT aggregate_id::text || ':' || aggregate_type, aggregate_type, max(stream_position), max(global_position) AS last_position, max(stored_at)
            FROM {_sql.Events} WHERE ($1::text IS NULL OR aggregate_type = $1::text)
            GROUP BY aggregate_id, aggregate_type ORDER BY last_position DESC {(limit is { } n ? $"LIMIT {n}" : "")}
            """;
        return Checked(ct, () => PostgresErrors.Guard<IReadOnlyList<StreamSummary>>(StoreName, async () =>
        {
            var conn = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using (conn.ConfigureAwait(false))
            {
                var streams = new List<StreamSummary>();
                await foreach (var r in RowsAsync(conn, text, (object?)aggregateType ?? DBNull.Value, ct).ConfigureAwait(false))
                {
                    streams.Add(new StreamSummary((string)r[0], (string)r[1], (long)r[2], (long)r[3], Instant(r[4])!.Value));
                }

                return streams;
            }
        }));
    }

    private static DateTimeOffset? Instant(object value) => value is DateTime utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null;

    private static async Task<object[]> FirstRowAsync(NpgsqlConnection conn, string text, object? arg, CancellationToken ct)
    {
        await foreach (var row in RowsAsync(conn, text, arg, ct).ConfigureAwait(false))
        {
            return row;
        }

        throw new InvalidOperationException("An aggregate query returned no row.");
    }

    private static async IAsyncEnumerable<object[]> RowsAsync(NpgsqlConnection conn, string text, object? arg, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var cmd = new NpgsqlCommand(text, conn);
        await using (cmd.ConfigureAwait(false))
        {
            if (arg is not null)
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
            }

            var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var row = new object[reader.FieldCount];
                    reader.GetValues(row);
                    yield return row;
                }
            }
        }
    }
}
