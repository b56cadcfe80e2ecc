// The SQLite store's inspector queries (statistics, stream list) for tools; additive to the append and read paths.
using EventStore.Functional.Reading;
using EventStore.Functional.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Sqlite;

/// <summary>The <see cref="IEventStoreInspector"/> part of the SQLite store: aggregate queries over the events table in one read snapshot.</summary>
public sealed partial class SqliteEventStore : IEventStoreInspector
{
    private const string TotalsSql = "SELECT COUNT(*), COUNT(DISTINCT stream_id), COALESCE(MAX(global_position), 0), MIN(stored_at), MAX(stored_at) FROM events";
    private const string TypesSql = "SELECT aggregate_type, COUNT(DISTINCT stream_id), COUNT(*) FROM events GROUP BY aggregate_type ORDER BY aggregate_type";
    private const string SizeSql = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
    private const string StreamsSql = """
        SELECT stream_id, aggregate_type, MAX(stream_position), MAX(global_position) AS last_position, MAX(stored_at)
        FROM events WHERE (@type IS NULL OR aggregate_type = @type)
        GROUP BY stream_id ORDER BY last_position DESC LIMIT @limit
        """;

    /// <inheritdoc />
    public async Task<StoreStatistics> GetStatisticsAsync(CancellationToken ct = default)
    {
        using var lease = await Lease(write: false, ct).ConfigureAwait(false);
        return Guard("statistics", () =>
        {
            var session = lease.Session;
            session.Execute("BEGIN"); // one snapshot for every number
            try
            {
                using var command = session.Connection.CreateCommand();
                command.CommandText = TypesSql;
                var types = new List<AggregateTypeCount>();
                using (var rows = command.ExecuteReader())
                {
                    while (rows.Read())
                    {
                        types.Add(new AggregateTypeCount(rows.GetString(0), rows.GetInt64(1), rows.GetInt64(2)));
                    }
                }

                command.CommandText = SizeSql;
                var size = (long)command.ExecuteScalar()!;
                command.CommandText = TotalsSql;
                using var totals = command.ExecuteReader();
                totals.Read();
                return new StoreStatistics(
                    totals.GetInt64(0), totals.GetInt64(1), totals.GetInt64(2), types, InstantOrNull(totals, 3), InstantOrNull(totals, 4), size);
            }
            finally
            {
                session.RollbackQuietly();
            }
        });
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StreamSummary>> ListStreamsAsync(string? aggregateType = null, int? limit = null, CancellationToken ct = default)
    {
        Inspection.ValidateListArguments(aggregateType, limit);
        using var lease = await Lease(write: false, ct).ConfigureAwait(false);
        return Guard<IReadOnlyList<StreamSummary>>("stream list", () =>
        {
            using var command = lease.Session.Connection.CreateCommand();
            command.CommandText = StreamsSql;
            command.Parameters.AddWithValue("@type", (object?)aggregateType ?? DBNull.Value);
            command.Parameters.AddWithValue("@limit", limit ?? -1L);
            var streams = new List<StreamSummary>();
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                streams.Add(new StreamSummary(rows.GetString(0), rows.GetString(1), rows.GetInt64(2), rows.GetInt64(3), Micros.ToInstant(rows.GetInt64(4))));
            }

            return streams;
        });
    }

    private static DateTimeOffset? InstantOrNull(SqliteDataReader row, int column) => row.IsDBNull(column) ? null : Micros.ToInstant(row.GetInt64(column));
}
