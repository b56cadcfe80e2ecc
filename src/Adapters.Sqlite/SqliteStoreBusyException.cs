// A SQLite file stayed locked by another connection or process for longer than the store's busy timeout.
namespace EventStore.Functional.Sqlite;

/// <summary>
/// The database file stayed locked (SQLITE_BUSY or SQLITE_LOCKED) past <see cref="SqliteEventStoreOptions.BusyTimeout"/>.
/// Nothing was written by the failed call; retrying later may succeed, so <see cref="EventStoreUnavailableException.IsTransient"/>
/// is true. The store does not retry it itself: the busy timeout already was its wait, and the caller chose how long it is.
/// The message names the file and keeps SQLite's own.
/// </summary>
public sealed class SqliteStoreBusyException : EventStoreUnavailableException
{
    /// <summary>Creates the exception for <paramref name="database"/>.</summary>
    public SqliteStoreBusyException(string database, string message, Exception innerException) : base(message, innerException, isTransient: true) =>
        Database = database;

    /// <summary>The database file that was locked.</summary>
    public string Database { get; }
}
