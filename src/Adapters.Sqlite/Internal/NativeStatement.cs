// A statement prepared once on SQLite's own API and bound by index: the append's hot path, free of per-call name lookups.
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>
/// A prepared statement bound by parameter index. Microsoft.Data.Sqlite looks every parameter up by name (a linear
/// scan in SQLite) and re-encodes every string on each execution, which made a multi-row INSERT cost O(parameters²);
/// here a row binds its values straight from UTF-8 spans. Failures surface as <see cref="SqliteException"/>, like the driver's.
/// </summary>
internal sealed class NativeStatement : IDisposable
{
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    private NativeStatement(SqliteConnection connection, sqlite3_stmt statement)
    {
        _connection = connection;
        _statement = statement;
    }

    public static NativeStatement Prepare(SqliteConnection connection, string sql)
    {
        var rc = raw.sqlite3_prepare_v3(connection.Handle, sql, (uint)raw.SQLITE_PREPARE_PERSISTENT, out var statement);
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        return new NativeStatement(connection, statement);
    }

    /// <summary>Binds an integer to the 1-based parameter <paramref name="index"/>.</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds UTF-8 text (SQLite copies it) to the 1-based parameter <paramref name="index"/>.</summary>
    public void Bind(int index, ReadOnlySpan<byte> utf8) => Check(raw.sqlite3_bind_text(_statement, index, utf8));

    /// <summary>Binds text to the 1-based parameter <paramref name="index"/>.</summary>
    public void Bind(int index, string text) => Check(raw.sqlite3_bind_text(_statement, index, text));

    /// <summary>Binds a GUID as its lowercase "D" text, or NULL.</summary>
    public void Bind(int index, Guid? value)
    {
        if (value is not { } guid)
        {
            Check(raw.sqlite3_bind_null(_statement, index));
            return;
        }

        Span<byte> text = stackalloc byte[36];
        guid.TryFormat(text, out _, "D");
        Bind(index, text);
    }

    /// <summary>Runs a statement that returns no rows, then resets it for the next execution.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc is not (SqliteDone or SqliteRow))
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
    }

    /// <summary>Steps to the next row (false when done). Call <see cref="Reset"/> once finished, also after a failure.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc is not (SqliteDone or SqliteRow))
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }

        return rc == SqliteRow;
    }

    /// <summary>Ends the current execution so the statement can run again (and releases its read of the database).</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>The integer in column <paramref name="column"/> (0-based) of the current row.</summary>
    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>The text in column <paramref name="column"/> (0-based) of the current row.</summary>
    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    public void Dispose() => _statement.Dispose();

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
}
