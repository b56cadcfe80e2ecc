// One open SQLite connection with its prepared statements, used by one caller at a time.
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EventStore.Functional.Sqlite.Internal;

/// <summary>
/// An open connection and a cache of its prepared commands keyed by SQL text. Not thread-safe: the owner
/// (<see cref="SqliteConnections"/>) lends it to one caller at a time.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NativeStatement> _statements = new(StringComparer.Ordinal);

    private SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>False once a failed rollback left the connection in an unknown state; the owner then replaces it.</summary>
    public bool Healthy { get; private set; } = true;

    /// <summary>Whether a transaction is open on the connection.</summary>
    public bool InTransaction => raw.sqlite3_get_autocommit(Connection.Handle) == 0;

    /// <summary>The rowid of the last row inserted on this connection.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(Connection.Handle);

    /// <summary>Opens a connection and applies <paramref name="pragmas"/> (one statement per entry).</summary>
    public static SqliteSession Open(string connectionString, IEnumerable<string> pragmas)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            foreach (var pragma in pragmas)
            {
                command.CommandText = pragma;
                command.ExecuteNonQuery();
            }

            return new SqliteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The prepared command for <paramref name="sql"/>, declaring <paramref name="parameters"/> in order on first use.</summary>
    public SqliteCommand Prepared(string sql, ReadOnlySpan<string> parameters)
    {
        if (_commands.TryGetValue(sql, out var cached))
        {
            return cached;
        }

        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        _commands.Add(sql, command);
        return command;
    }

    /// <summary>The statement for <paramref name="sql"/> prepared on SQLite's API, bound by index (see <see cref="NativeStatement"/>).</summary>
    public NativeStatement Native(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = NativeStatement.Prepare(Connection, sql);
            _statements.Add(sql, statement);
        }

        return statement;
    }

    /// <summary>Runs one parameterless statement (waiting up to the busy timeout for a lock it needs).</summary>
    public void Execute(string sql) => Native(sql).Execute();

    /// <summary>Rolls back the open transaction, if any; a failure marks the session unhealthy instead of throwing.</summary>
    public void RollbackQuietly()
    {
        try
        {
            if (InTransaction)
            {
                Execute("ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            Healthy = false;
        }
    }

    public void Dispose()
    {
        // Statements are finalised before the connection closes, or SQLite would keep the file open.
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }
}
