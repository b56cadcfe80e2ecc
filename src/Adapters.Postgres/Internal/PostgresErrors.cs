// Maps driver and server failures to the library's exceptions, by SQLSTATE (never by message text).
using System.Runtime.CompilerServices;
using Npgsql;

namespace EventStore.Functional.Postgres.Internal;

/// <summary>Translation of Npgsql failures into <see cref="EventStoreUnavailableException"/> subclasses.</summary>
internal static class PostgresErrors
{
    /// <summary>Whether <paramref name="ex"/> is an infrastructure failure to translate (not cancellation, not our own errors).</summary>
    public static bool IsInfrastructure(Exception ex) => ex is NpgsqlException or ObjectDisposedException or CommitOutcomeUnknown;

    /// <summary>
    /// Whether the failure may pass (<see cref="EventStoreUnavailableException.IsTransient"/>): what Npgsql calls transient
    /// (an I/O failure or timeout, and by SQLSTATE too many connections, out of resources, a lock not available, a
    /// serialization failure), plus every connection exception (class 08), a deadlock (40P01), and the session ended by
    /// the server: shut down or a backend terminated (57P01), a crash restart (57P02), still starting (57P03).
    /// </summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        CommitOutcomeUnknown => true,
        PostgresException pg => pg.IsTransient || EndsSession(pg.SqlState) || pg.SqlState == PostgresErrorCodes.DeadlockDetected,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    /// <summary>
    /// Whether the failure ended the session without the server's verdict on the statement in flight: a connection
    /// exception (class 08), the server ending the backend (57P01–57P03), or no answer at all (an I/O failure, a timeout,
    /// a broken connection: an <see cref="NpgsqlException"/> that is not a <see cref="PostgresException"/>). An ordinary
    /// server error is a verdict: the statement failed and its transaction rolled back.
    /// </summary>
    public static bool EndedSession(Exception ex) => ex switch
    {
        PostgresException pg => EndsSession(pg.SqlState),
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>The library exception for an infrastructure failure of the store named <paramref name="store"/>.</summary>
    public static EventStoreUnavailableException Map(Exception ex, string store) => ex switch
    {
        CommitOutcomeUnknown { InnerException: { } cause } => OutcomeUnknown(Map(cause, store), store),
        PostgresException { SqlState: PostgresErrorCodes.InvalidSchemaName or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedFunction } pg =>
            new PostgresSchemaException($"The event store {store} is missing its schema, tables or functions ({pg.SqlState}: {pg.MessageText}); call InitializeAsync to create or upgrade them.", pg),
        PostgresException pg => new PostgresUnavailableException($"PostgreSQL failed for the event store {store} ({pg.SqlState}: {pg.MessageText}).", pg, IsTransient(pg)),
        _ => new PostgresUnavailableException($"PostgreSQL is unavailable for the event store {store}: {ex.Message}", ex, IsTransient(ex)),
    };

    /// <summary>Runs <paramref name="operation"/>, translating infrastructure failures.</summary>
    public static async Task<T> Guard<T>(string store, Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsInfrastructure(ex))
        {
            throw Map(ex, store);
        }
    }

    /// <summary>Enumerates <paramref name="source"/>, translating infrastructure failures of each step.</summary>
    public static async IAsyncEnumerable<T> Guard<T>(string store, IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var items = source.GetAsyncEnumerator(ct);
        await using (items.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await items.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsInfrastructure(ex))
                {
                    throw Map(ex, store);
                }

                if (!more)
                {
                    yield break;
                }

                yield return items.Current;
            }
        }
    }

    private static AppendOutcomeUnknownException OutcomeUnknown(EventStoreUnavailableException cause, string store) =>
        new($"The append's COMMIT was sent to PostgreSQL for the event store {store}, and the connection failed before its answer came back: the events may or may not be stored. {cause.Message}", cause);

    // Class 08 (connection exception) and the operator-intervention codes that end the backend: the session is gone.
    private static bool EndsSession(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}
