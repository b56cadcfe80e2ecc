// The versioned schema: ordered migrations applied once each, recorded in schema_version.
using System.Globalization;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>
/// Creates or upgrades a database to <see cref="CurrentVersion"/> inside one <c>BEGIN IMMEDIATE</c> transaction, so
/// concurrent initialisers (instances or processes) apply each migration exactly once. Idempotent.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this release writes.</summary>
    public const int CurrentVersion = 1;

    private const string VersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER PRIMARY KEY,
            applied_at INTEGER NOT NULL -- UTC microseconds since 1970
        )
        """;

    // Migration n brings a database from version n-1 to n. Never edit a released one: add the next.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE events (
            global_position INTEGER PRIMARY KEY AUTOINCREMENT, -- dense, commit-ordered: one writer at a time
            event_id        TEXT    NOT NULL,                  -- lowercase GUID
            stream_id       TEXT    NOT NULL,                  -- '{aggregate id}:{aggregate type}'
            stream_position INTEGER NOT NULL,
            aggregate_type  TEXT    NOT NULL,
            event_type      TEXT    NOT NULL,
            tenant_id       TEXT,                              -- lowercase GUID or NULL
            occurred_at     INTEGER NOT NULL,                  -- UTC microseconds since 1970
            stored_at       INTEGER NOT NULL,                  -- UTC microseconds since 1970, one per batch
            payload         TEXT    NOT NULL                   -- the whole event as camelCase JSON
        );
        CREATE UNIQUE INDEX ux_events_event_id ON events (event_id);
        CREATE UNIQUE INDEX ux_events_stream ON events (stream_id, stream_position);
        CREATE INDEX ix_events_aggregate_type ON events (aggregate_type, global_position);
        CREATE INDEX ix_events_tenant ON events (tenant_id, global_position) WHERE tenant_id IS NOT NULL;
        """,
    ];

    /// <summary>Applies the missing migrations on <paramref name="session"/> (a write session).</summary>
    /// <exception cref="EventStoreUnavailableException">The file was written by a newer release.</exception>
    public static void Migrate(SqliteSession session, string database, DateTimeOffset now)
    {
        session.Execute("BEGIN IMMEDIATE");
        try
        {
            session.Execute(VersionTable);
            var current = Convert.ToInt32(session.Prepared("SELECT COALESCE(MAX(version), 0) FROM schema_version", []).ExecuteScalar(), CultureInfo.InvariantCulture);
            if (current > CurrentVersion)
            {
                throw new EventStoreUnavailableException(
                    $"SQLite database '{database}' has schema version {current}, newer than the {CurrentVersion} this release understands; upgrade EventStore.Functional.");
            }

            for (var version = current + 1; version <= CurrentVersion; version++)
            {
                using (var migration = session.Connection.CreateCommand())
                {
                    migration.CommandText = Migrations[version - 1];
                    migration.ExecuteNonQuery();
                }

                var record = session.Prepared("INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)", ["@version", "@at"]);
                record.Parameters[0].Value = version;
                record.Parameters[1].Value = Micros.Of(Time.Normalize(now));
                record.ExecuteNonQuery();
            }

            session.Execute("COMMIT");
        }
        finally
        {
            session.RollbackQuietly();
        }
    }
}
