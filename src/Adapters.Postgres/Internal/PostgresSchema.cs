// Creates and upgrades the store's tables: numbered steps applied once each, under a migration advisory lock.
using Npgsql;

namespace EventStore.Functional.Postgres.Internal;

/// <summary>
/// The store's schema as numbered migration steps, recorded in <c>eventstore_schema_version</c>. <see cref="MigrateAsync"/>
/// is idempotent and safe when several application servers start at once: it runs in one transaction holding a
/// transaction-level advisory lock keyed by the schema name, so one server migrates while the others wait and then find
/// nothing to do. A database already at the current version is left untouched (nothing is written).
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The schema version this library writes and reads.</summary>
    public const int CurrentVersion = 3;

    private static readonly (int Version, string Description, Func<PostgresSql, string> Ddl)[] Steps =
    [
        (1, "events table with feed transaction ids", V1),
        (2, "append_assumed, append_assumed_group: appends on assumed facts as one statement", V2),
        (3, "append_assumed_one: a one-event append on assumed facts with scalar parameters", V3),
    ];

    /// <summary>Creates the schema if missing and applies the missing steps.</summary>
    /// <exception cref="PostgresSchemaException">The database holds a newer schema version than this library knows.</exception>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, PostgresSql sql, CancellationToken ct)
    {
        var conn = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using (conn.ConfigureAwait(false))
        {
            var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                await ScalarAsync<object>(conn, $"SELECT pg_advisory_xact_lock({PostgresSql.MigrationLockClass}, hashtext($1))", ct, sql.Schema).ConfigureAwait(false);
                var hasVersionTable = await ScalarAsync<bool>(conn, "SELECT to_regclass($1) IS NOT NULL", ct, sql.VersionTable).ConfigureAwait(false);
                var current = hasVersionTable ? await ScalarAsync<int>(conn, $"SELECT coalesce(max(version), 0) FROM {sql.VersionTable}", ct).ConfigureAwait(false) : 0;
                if (current > CurrentVersion)
                {
                    throw new PostgresSchemaException(
                        $"The event store schema {sql.QuotedSchema} is at version {current}, newer than this library's {CurrentVersion}; upgrade EventStore.Functional.Postgres.");
                }

                if (current == CurrentVersion)
                {
                    return; // Nothing written: disposing the transaction rolls back a read-only transaction.
                }

                if (!await ScalarAsync<bool>(conn, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", ct, sql.Schema).ConfigureAwait(false))
                {
                    await ExecuteAsync(conn, $"CREATE SCHEMA {sql.QuotedSchema}", ct).ConfigureAwait(false);
                }

                await ExecuteAsync(conn, $"""
                    CREATE TABLE IF NOT EXISTS {sql.VersionTable} (
                        version int PRIMARY KEY,
                        description text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now())
                    """, ct).ConfigureAwait(false);
                foreach (var (version, description, ddl) in Steps.Where(s => s.Version > current))
                {
                    await ExecuteAsync(conn, ddl(sql), ct).ConfigureAwait(false);
                    await ScalarAsync<object>(conn, $"INSERT INTO {sql.VersionTable} (version, description) VALUES ($1, $2)", ct, version, description).ConfigureAwait(false);
                }

                await tx.CommitAsync(ct).ConfigureAwait(false);
            }
        }
    }

    // Version 1. Indexes: the primary key serves the feed; the stream key serves stream reads, versions and the append's
    // version check; event_id serves idempotency and EventExistsAsync; the rest serve type, tenant and time queries.
    // payload is json, not jsonb: it stores the codec's text as is (psql can still query it with ->, ->>), and reading it
    // back is much faster than jsonb, whose binary form the server must convert to text on every read.
    private static string V1(PostgresSql sql) => $"""
        CREATE TABLE {sql.Events} (
            global_position bigint GENERATED ALWAYS AS IDENTITY,
            txid            xid8 NOT NULL DEFAULT pg_current_xact_id(),
            event_id        uuid NOT NULL,
            aggregate_id    uuid NOT NULL,
            aggregate_type  text NOT NULL,
            stream_position bigint NOT NULL,
            event_type      text NOT NULL,
            tenant_id       uuid,
            occurred_at     timestamptz NOT NULL,
            stored_at       timestamptz NOT NULL,
            payload         json NOT NULL,
            CONSTRAINT events_pkey PRIMARY KEY (global_position),
            CONSTRAINT events_event_id_key UNIQUE (event_id),
            CONSTRAINT events_stream_key UNIQUE (aggregate_id, aggregate_type, stream_position),
            CONSTRAINT events_stream_position_check CHECK (stream_position > 0));
        CREATE INDEX events_type_idx ON {sql.Events} (aggregate_type, global_position);
        CREATE INDEX events_tenant_idx ON {sql.Events} (tenant_id, global_position) WHERE tenant_id IS NOT NULL;
        CREATE INDEX events_occurred_at_idx ON {sql.Events} (occurred_at);
        COMMENT ON COLUMN {sql.Events}.txid IS
            'Id of the writing transaction. Feed reads return only rows with txid < pg_snapshot_xmin(pg_current_snapshot()), a gap-free prefix (docs/postgres-feed.md).';
        COMMENT ON COLUMN {sql.Events}.payload IS 'The whole event as camelCase JSON (EventCodec).';
        """;

    // Version 2: the one-round-trip append (PostgresSql.AssumedAppend) as one server-side statement instead of seven
    // protocol statements (fewer round trips' worth of server work per append), and the same for a group of
    // appends (PostgresSql.AssumedGroupAppend: every stream's lock and assumed version). Neither decides anything: each takes
    // the stream lock, checks the facts the core assumed (refuting them with SQLSTATE ES001 before anything is written),
    // then runs the feed's critical section around the INSERT of the rows the core decided. Each statement of a VOLATILE
    // function takes a fresh snapshot under READ COMMITTED, so the check after the lock sees every append that held it;
    // under another isolation level the function refutes at once and the append takes the general path.
    private static string V2(PostgresSql sql)
    {
        var tag = DollarTag(sql, "$es_append$");

        var feed = $"{PostgresSql.FeedLockClass}, hashtext(p_feed_key)";
        var head = $"""
            LANGUAGE plpgsql VOLATILE
            SET enable_seqscan = off -- index plans, cached (see PostgresSql.IndexPlans)
            SET search_path = pg_catalog, pg_temp -- built-ins only; every table name is schema-qualified
            AS {tag}
            BEGIN
                IF current_setting('transaction_isolation') <> 'read committed' THEN
                    RAISE EXCEPTION 'the assumed append needs READ COMMITTED, not %', current_setting('transaction_isolation') USING ERRCODE = '{PostgresSql.AssumptionRefuted}';
                END IF;
            """;
        return $"""
            CREATE OR REPLACE FUNCTION {sql.AssumedAppendFunction}(
                p_lock_key text, p_feed_key text, p_aggregate_id uuid, p_aggregate_type text, p_version bigint, p_stored_at timestamptz,
                p_ids uuid[], p_types text[], p_tenants uuid[], p_occurred timestamptz[], p_payloads json[])
            RETURNS TABLE (stream_position bigint, global_position bigint)
            {head}
                PERFORM pg_advisory_xact_lock(hashtextextended(p_lock_key, 0));
                IF {sql.VersionOf("p_aggregate_id", "p_aggregate_type")} <> p_version
                   OR EXISTS (SELECT 1 FROM {sql.Events} AS x WHERE x.event_id = ANY(p_ids)) THEN
                    RAISE EXCEPTION 'the stream is not at version % or an id of the batch is stored', p_version USING ERRCODE = '{PostgresSql.AssumptionRefuted}';
                END IF;
                PERFORM pg_advisory_lock({feed});
                RETURN QUERY
                    INSERT INTO {sql.Events} AS t (event_id, aggregate_id, aggregate_type, stream_position, event_type, tenant_id, occurred_at, stored_at, payload)
                    SELECT r.event_id, p_aggregate_id, p_aggregate_type, p_version + r.ord, r.event_type, r.tenant_id, r.occurred_at, p_stored_at, r.payload
                    FROM unnest(p_ids, p_types, p_tenants, p_occurred, p_payloads) WITH ORDINALITY AS r(event_id, event_type, tenant_id, occurred_at, payload, ord)
                    ORDER BY r.ord
                    RETURNING t.stream_position, t.global_position;
                PERFORM pg_advisory_unlock({feed});
            END
            {tag};

            CREATE OR REPLACE FUNCTION {sql.AssumedGroupFunction}(
                p_lock_keys text[], p_feed_key text, p_stream_ids uuid[], p_stream_types text[], p_versions bigint[], p_check_ids uuid[], p_stored_at timestamptz,
                p_ids uuid[], p_aggregate_ids uuid[], p_aggregate_types text[], p_positions bigint[], p_types text[], p_tenants uuid[], p_occurred timestamptz[], p_payloads json[])
            RETURNS TABLE (event_id uuid, global_position bigint)
            {head}
                -- Every stream's lock, in the order of the lock keys (as PostgresSql.LockStreams).
                PERFORM pg_advisory_xact_lock(s.k) FROM (SELECT DISTINCT hashtextextended(l, 0) AS k FROM unnest(p_lock_keys) AS l) AS s ORDER BY s.k;
                IF EXISTS (SELECT 1 FROM unnest(p_stream_ids, p_stream_types, p_versions) AS s(id, type, version)
                           WHERE {sql.VersionOf("s.id", "s.type")} <> s.version)
                   OR EXISTS (SELECT 1 FROM {sql.Events} AS x WHERE x.event_id = ANY(p_check_ids)) THEN
                    RAISE EXCEPTION 'a stream is not at its assumed version or an id of the group is stored' USING ERRCODE = '{PostgresSql.AssumptionRefuted}';
                END IF;
                PERFORM pg_advisory_lock({feed});
                RETURN QUERY
                    INSERT INTO {sql.Events} AS t (event_id, aggregate_id, aggregate_type, stream_position, event_type, tenant_id, occurred_at, stored_at, payload)
                    SELECT r.event_id, r.aggregate_id, r.aggregate_type, r.stream_position, r.event_type, r.tenant_id, r.occurred_at, p_stored_at, r.payload
                    FROM unnest(p_ids, p_aggregate_ids, p_aggregate_types, p_positions, p_types, p_tenants, p_occurred, p_payloads) WITH ORDINALITY
                         AS r(event_id, aggregate_id, aggregate_type, stream_position, event_type, tenant_id, occurred_at, payload, ord)
                    ORDER BY r.ord
                    RETURNING t.event_id, t.global_position;
                PERFORM pg_advisory_unlock({feed});
            END
            {tag};
            """;
    }

    // Version 3: append_assumed for the commonest batch, one event, with scalar parameters and one OUT row. It checks and
    // writes exactly what append_assumed does for such a batch; what it drops is the server's work around that: five
    // one-element arrays to read and unnest, the ORDER BY over them, RETURN QUERY's result store, and the SET search_path
    // clause (each SET clause is set and restored around every call). Instead its function calls are qualified with
    // pg_catalog and its tables with the schema; its operators resolve in pg_catalog, which PostgreSQL searches first
    // unless a caller's search_path names it later, and it runs with its caller's rights (the figures behind this choice are
    // in docs/postgres-feed.md).
    private static string V3(PostgresSql sql)
    {
        var tag = DollarTag(sql, "$es_append_one$");

        var feed = $"{PostgresSql.FeedLockClass}, pg_catalog.hashtext(p_feed_key)";
        return $"""
            CREATE OR REPLACE FUNCTION {sql.AssumedAppendOneFunction}(
                p_lock_key text, p_feed_key text, p_aggregate_id uuid, p_aggregate_type text, p_version bigint, p_stored_at timestamptz,
                p_id uuid, p_type text, p_tenant uuid, p_occurred timestamptz, p_payload json,
                OUT stream_position bigint, OUT global_position bigint)
            LANGUAGE plpgsql VOLATILE
            SET enable_seqscan = off -- index plans, cached (see PostgresSql.IndexPlans)
            AS {tag}
            BEGIN
                IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
                    RAISE EXCEPTION 'the assumed append needs READ COMMITTED, not %', pg_catalog.current_setting('transaction_isolation') USING ERRCODE = '{PostgresSql.AssumptionRefuted}';
                END IF;
                PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(p_lock_key, 0));
                IF {sql.VersionOf("p_aggregate_id", "p_aggregate_type")} <> p_version
                   OR EXISTS (SELECT 1 FROM {sql.Events} AS x WHERE x.event_id = p_id) THEN
                    RAISE EXCEPTION 'the stream is not at version % or the event id is stored', p_version USING ERRCODE = '{PostgresSql.AssumptionRefuted}';
                END IF;
                PERFORM pg_catalog.pg_advisory_lock({feed});
                INSERT INTO {sql.Events} AS t (event_id, aggregate_id, aggregate_type, stream_position, event_type, tenant_id, occurred_at, stored_at, payload)
                    VALUES (p_id, p_aggregate_id, p_aggregate_type, p_version + 1, p_type, p_tenant, p_occurred, p_stored_at, p_payload)
                    RETURNING t.stream_position, t.global_position INTO stream_position, global_position;
                PERFORM pg_catalog.pg_advisory_unlock({feed});
            END
            {tag};
            """;
    }

    // A dollar-quote tag for a function body that embeds the schema name: lengthened until the name cannot close it.
    private static string DollarTag(PostgresSql sql, string tag)
    {
        while (sql.Schema.Contains(tag, StringComparison.Ordinal))
        {
            tag = tag.Insert(1, "x");
        }

        return tag;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string text, CancellationToken ct, params object[] args)
    {
        var cmd = new NpgsqlCommand(text, conn);
        await using (cmd.ConfigureAwait(false))
        {
            foreach (var arg in args)
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
            }

            var value = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return value is T typed ? typed : default!;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string text, CancellationToken ct)
    {
        var cmd = new NpgsqlCommand(text, conn);
        await using (cmd.ConfigureAwait(false))
        {
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
