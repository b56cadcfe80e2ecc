// The SQL of one store (schema-qualified statements) and the read queries built from ReadOptions.
using System.Collections.Concurrent;
using System.Text;

namespace EventStore.Functional.Postgres.Internal;

/// <summary>The shape of a paged read: which filters and bounds its SQL has (one cached statement text per shape).</summary>
[Flags]
internal enum ReadShape
{
    /// <summary>A global read (positions are global positions).</summary>
    None = 0,

    /// <summary>A stream read: <c>$1</c> = aggregate id, <c>$2</c> = aggregate type; positions are stream positions.</summary>
    Stream = 1,

    /// <summary>Only the feed's safe prefix: rows whose transaction id is below the snapshot's xmin (SPEC §4).</summary>
    FeedPrefix = 2,

    /// <summary>Newest first.</summary>
    Backward = 4,

    /// <summary>An exclusive upper bound on the position (the keyset cursor of backward pages, or a version clamp).</summary>
    Before = 8,

    /// <summary><c>occurred_at &gt;= from</c>.</summary>
    From = 16,

    /// <summary><c>occurred_at &lt; to</c>.</summary>
    To = 32,

    /// <summary><c>tenant_id = tenant</c>.</summary>
    Tenant = 64,

    /// <summary><c>aggregate_type = type</c>.</summary>
    Type = 128,
}

/// <summary>
/// SQL text of a store in one schema. Identifiers are quoted; every value is a positional parameter.
/// Table <c>events</c>: one row per event, <c>global_position</c> an identity, <c>txid</c> the writing transaction's id.
/// </summary>
internal sealed class PostgresSql
{
    /// <summary>First key of the session advisory lock held around an append's INSERT (the feed's critical section).</summary>
    public const int FeedLockClass = 0x45535446;

    /// <summary>First key of the transaction advisory lock that serialises schema migrations.</summary>
    public const int MigrationLockClass = 0x4553544D;

    /// <summary>
    /// The feed's horizon: the oldest transaction id still running in this statement's snapshot (SPEC §4). A sub-select,
    /// so it is computed once per statement (an InitPlan) rather than once per row scanned, as the plain call of the
    /// stable <c>pg_current_snapshot()</c> in a filter would be: it builds a snapshot value on every call.
    /// </summary>
    public const string FeedHorizon = "(SELECT pg_snapshot_xmin(pg_current_snapshot()))";

    /// <summary>The columns every read selects, in this order (see <c>PostgresReader.Decode</c>).</summary>
    public const string Columns = "global_position, stream_position, event_type, stored_at, payload, event_id, aggregate_id, aggregate_type, tenant_id, occurred_at";

    private readonly ConcurrentDictionary<ReadShape, string> _reads = new();
    private readonly ConcurrentDictionary<ReadShape, string> _readsWithVersion = new();

    public PostgresSql(string schema)
    {
        Schema = schema;
        QuotedSchema = Quote(schema);
        Events = $"{QuotedSchema}.events";
        VersionTable = $"{QuotedSchema}.eventstore_schema_version";
        StreamVersion = $"SELECT {VersionOf("$1", "$2")}";
        FindIds = $"SELECT event_id, aggregate_id, aggregate_type, stream_position, global_position FROM {Events} WHERE event_id = ANY($1)";
        EventExists = $"SELECT EXISTS (SELECT 1 FROM {Events} WHERE event_id = $1)";
        FeedHead = $"SELECT global_position FROM {Events} WHERE txid < {FeedHorizon} ORDER BY global_position DESC LIMIT 1";

        AssumedAppendFunction = $"{QuotedSchema}.append_assumed";
        AssumedAppendOneFunction = $"{QuotedSchema}.append_assumed_one";
        AssumedAppendOne = $"SELECT r.stream_position, r.global_position FROM {AssumedAppendOneFunction}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS r WHERE r.stream_position IS NOT NULL";
        AssumedGroupFunction = $"{QuotedSchema}.append_assumed_group";
        AssumedGroupAppend = $"SELECT event_id, global_position FROM {AssumedGroupFunction}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
        StreamVersions = $"""
            SELECT s.aggregate_id, s.aggregate_type,
                   {VersionOf("s.aggregate_id", "s.aggregate_type")}
            FROM unnest($1::uuid[], $2::text[]) AS s(aggregate_id, aggregate_type)
            """;

    }

    public string Schema { get; }

    public string QuotedSchema { get; }

    public string Events { get; }

    public string VersionTable { get; }

    /// <summary>
    /// Keeps the rest of this transaction's plans on the indexes (the load of an append's facts; the append functions do
    /// the same in their definition). Npgsql prepares the statements, and
    /// PostgreSQL's cached generic plan for <c>event_id = ANY($n)</c>, made while a new store's table is still small and
    /// not yet analysed, was a sequential scan that it kept as the table grew: every append then read the whole table.
    /// With sequential scans off, even a plan made on an empty table uses the indexes, and the plan stays cached (forcing
    /// a custom plan instead costs planning the lookups on every call). The
    /// INSERT that follows scans no table. Returns no result set.
    /// </summary>
    public static string IndexPlans => "SET LOCAL enable_seqscan = off";

    /// <summary>
    /// A stream's version as an expression: its highest position, read from the end of the stream key's index (one
    /// probe, whatever the plan's row estimate: a plain <c>max()</c> may be planned as an aggregate over every entry of
    /// the stream, which for a generic plan made on small streams is kept for a hot one); 0 for an absent stream.
    /// </summary>
    public string VersionOf(string aggregateId, string aggregateType) =>
        $"coalesce((SELECT v.stream_position FROM {Events} AS v WHERE v.aggregate_id = {aggregateId} AND v.aggregate_type = {aggregateType} ORDER BY v.stream_position DESC LIMIT 1), 0)";

    /// <summary>The SQLSTATE with which the database refutes the facts an assumed append was decided on (nothing written).</summary>
    public const string AssumptionRefuted = "ES001";

    /// <summary>The schema's function that writes a one-stream append decided on assumed facts (migration step 2): no longer called, kept for library versions before 0.1 during a rolling deployment.</summary>
    public string AssumedAppendFunction { get; }

    /// <summary>The schema's function that writes a one-event append decided on assumed facts (migration step 3).</summary>
    public string AssumedAppendOneFunction { get; }

    /// <summary>
    /// A one-event append on assumed facts as one statement: <c>$1</c> the stream's <see cref="LockKey"/>, <c>$2</c> the
    /// schema name (the feed lock's key), <c>$3</c>/<c>$4</c> aggregate id and type, <c>$5</c> the assumed version, <c>$6</c>
    /// stored at, then the event's id, type, tenant, time and payload. One row (stream position, global position), or
    /// <see cref="AssumptionRefuted"/> before anything is written. The function's <c>OUT</c> row holds nulls when its
    /// INSERT wrote nothing (a trigger returned NULL); the filter drops it, so the caller counts no row.
    /// </summary>
    public string AssumedAppendOne { get; }

    /// <summary>The schema's function that writes a group of appends decided on assumed facts (migration step 2).</summary>
    public string AssumedGroupFunction { get; }

    /// <summary>
    /// A group's appends (or one append of several events) as one statement, on assumed facts or inside the transaction
    /// that loaded them: <c>$1</c> the streams' lock keys, <c>$2</c> the schema name,
    /// <c>$3</c>–<c>$5</c> each stream's aggregate id, type and assumed version, <c>$6</c> every id of the group (none may
    /// be stored), <c>$7</c> stored at, then per row arrays of ids, aggregate ids, types, stream positions, event types,
    /// tenants, times and payloads. Rows (event id, global position), or <see cref="AssumptionRefuted"/> before anything
    /// is written.
    /// </summary>
    public string AssumedGroupAppend { get; }

    /// <summary>The key text of a stream's lock (<see cref="LockStreams"/>): schema and stream id.</summary>
    public string LockKey(string streamId) => Schema + "/" + streamId;

    /// <summary>After a failed append: end the transaction and make sure no session lock stays with the pooled connection.</summary>
    public static string Abort => "ROLLBACK; SELECT pg_advisory_unlock_all()";

    public string StreamVersion { get; }

    public string FindIds { get; }

    public string EventExists { get; }

    public string FeedHead { get; }

    /// <summary>
    /// Locks a group's streams, whose key texts (<see cref="LockKey"/>) are <c>$1</c> (text[]), in the order of
    /// the lock keys, so that two groups sharing streams wait for each other instead of deadlocking: PostgreSQL evaluates
    /// a volatile output expression after the ORDER BY sort. Takes no transaction id.
    /// </summary>
    public static string LockStreams => """
        SELECT pg_advisory_xact_lock(s.k)
        FROM (SELECT DISTINCT hashtextextended(t, 0) AS k FROM unnest($1::text[]) AS t) AS s
        ORDER BY s.k
        """;

    /// <summary>The versions of the streams <c>$1</c> (aggregate ids) / <c>$2</c> (types): one row (id, type, version) each.</summary>
    public string StreamVersions { get; }

    /// <summary>The keyset-paged read of a shape; parameters in the order <see cref="PostgresReader"/> adds them.</summary>
    public string Read(ReadShape shape) => _reads.GetOrAdd(shape, BuildRead);

    /// <summary>The first page of <c>GetEventsAsync</c>: the stream's version and its first page of events, in one snapshot.</summary>
    public string ReadWithVersion(ReadShape shape) => _readsWithVersion.GetOrAdd(shape, s => $"""
        SELECT v.version, e.* FROM (SELECT {VersionOf("$1", "$2")} AS version) v
        LEFT JOIN LATERAL ({Read(s)}) e ON true ORDER BY e.stream_position
        """);

    /// <summary>A double-quoted SQL identifier.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private string BuildRead(ReadShape shape)
    {
        var stream = shape.HasFlag(ReadShape.Stream);
        var position = stream ? "stream_position" : "global_position";
        var sql = new StringBuilder($"SELECT {Columns} FROM {Events} WHERE ");
        var n = 0;
        if (stream)
        {
            sql.Append("aggregate_id = $1 AND aggregate_type = $2 AND ");
            n = 2;
        }

        sql.Append($"{position} > ${++n}");
        Append(shape, ReadShape.Before, $" AND {position} < $", sql, ref n);
        if (shape.HasFlag(ReadShape.FeedPrefix))
        {
            // SPEC §4: every transaction that could still add a lower position has an id >= xmin and is excluded with
            // everything after it, so what remains is a prefix of the final order.
            sql.Append($" AND txid < {FeedHorizon}");
        }

        Append(shape, ReadShape.From, " AND occurred_at >= $", sql, ref n);
        Append(shape, ReadShape.To, " AND occurred_at < $", sql, ref n);
        Append(shape, ReadShape.Tenant, " AND tenant_id = $", sql, ref n);
        Append(shape, ReadShape.Type, " AND aggregate_type = $", sql, ref n);
        sql.Append($" ORDER BY {position}{(shape.HasFlag(ReadShape.Backward) ? " DESC" : "")} LIMIT ${++n}");
        return sql.ToString();
    }

    private static void Append(ReadShape shape, ReadShape flag, string condition, StringBuilder sql, ref int n)
    {
        if (shape.HasFlag(flag))
        {
            sql.Append(condition).Append(++n);
        }
    }
}
