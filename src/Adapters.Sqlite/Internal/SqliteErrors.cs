// Maps SQLite failures to the library's exceptions by SQLite result code, never by message text.
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>Translates driver exceptions into <see cref="EventStoreException"/>s that name the database file.</summary>
internal static class SqliteErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    /// <summary>A UNIQUE or PRIMARY KEY violation: the schema's backstop against a write the decision did not foresee.</summary>
    public static bool IsUniqueViolation(SqliteException ex) =>
        ex.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    /// <summary>The exception to throw for <paramref name="ex"/>, raised while doing <paramref name="operation"/>.</summary>
    public static EventStoreException Translate(SqliteException ex, SqliteEventStoreOptions options, string operation)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var primary = ex.SqliteExtendedErrorCode & 0xFF;
        if (primary is SqliteBusy or SqliteLocked)
        {
            return new SqliteStoreBusyException(
                options.Database,
                $"SQLite database '{options.Database}' stayed locked by another connection for longer than the busy timeout ({options.BusyTimeout.TotalMilliseconds:0} ms) during {operation}; nothing was written by this call. {ex.Message}",
                ex);
        }

        return new EventStoreUnavailableException($"SQLite database '{options.Database}' failed during {operation} (SQLite error {ex.SqliteExtendedErrorCode}): {ex.Message}", ex);
    }
}
