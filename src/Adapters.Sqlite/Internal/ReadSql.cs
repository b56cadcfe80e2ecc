// Translates ReadOptions into one keyset-paged SELECT per combination of filters, built once and cached.
using System.Collections.Concurrent;
using System.Text;
using EventStore.Functional.Reading;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>A paged read statement and the names of its parameters.</summary>
internal sealed record ReadQuery(string Sql, string[] Parameters, PositionKind Kind, ReadDirection Direction);

/// <summary>
/// Builds the SELECT of a stream read or a feed read. Every <see cref="ReadOptions"/> filter is a SQL predicate; only
/// the predicates an options value uses appear, so SQLite can pick the index that serves them
/// (<c>ux_events_stream</c>, the rowid, <c>ix_events_aggregate_type</c>, <c>ix_events_tenant</c>). Pages are keyset:
/// forward <c>pos &gt; @after</c>, backward <c>@from &lt; pos &lt; @before</c>, each with <c>LIMIT @page</c>.
/// </summary>
internal static class ReadSql
{
    private const string Columns = "global_position, stream_id, stream_position, event_type, stored_at, payload, event_id, tenant_id, occurred_at";
    private static readonly ConcurrentDictionary<int, ReadQuery> Cache = new();

    /// <summary>The statement for <paramref name="options"/> read over positions of <paramref name="kind"/>.</summary>
    public static ReadQuery For(PositionKind kind, ReadOptions options)
    {
        var key = ((int)kind << 6) | ((int)options.Direction << 5)
            | (options.FromTimestamp is null ? 0 : 1) | (options.ToTimestamp is null ? 0 : 2)
            | (options.TenantId is null ? 0 : 4) | (options.AggregateType is null ? 0 : 8);
        return Cache.GetOrAdd(key, static (_, o) => Build(o.kind, o.options), (kind, options));
    }

    private static ReadQuery Build(PositionKind kind, ReadOptions options)
    {
        var position = kind == PositionKind.Stream ? "stream_position" : "global_position";
        var backward = options.Direction == ReadDirection.Backward;
        var parameters = new List<string>();
        var sql = new StringBuilder($"SELECT {Columns} FROM events WHERE ");
        void Where(string predicate, string parameter)
        {
            sql.Append(parameters.Count == 0 ? "" : " AND ").Append(predicate);
            parameters.Add(parameter);
        }

        if (kind == PositionKind.Stream)
        {
            Where("stream_id = @stream", "@stream");
        }

        Where($"{position} > @after", "@after");
        if (backward)
        {
            Where($"{position} < @before", "@before");
        }

        if (options.FromTimestamp is not null)
        {
            Where("occurred_at >= @from", "@from");
        }

        if (options.ToTimestamp is not null)
        {
            Where("occurred_at < @to", "@to");
        }

        if (options.TenantId is not null)
        {
            Where("tenant_id = @tenant", "@tenant");
        }

        if (options.AggregateType is not null)
        {
            Where("aggregate_type = @type", "@type");
        }

        sql.Append($" ORDER BY {position}{(backward ? " DESC" : "")} LIMIT @page");
        parameters.Add("@page");
        return new ReadQuery(sql.ToString(), [.. parameters], kind, options.Direction);
    }
}
