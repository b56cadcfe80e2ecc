// Maps driver and server failures to the library's exceptions, by SQLSTATE (never by message text).
using System.Runtime.CompilerServices;
using Npgsql;

namespace EventStore.Functional.Postgres;

/// <summary>Translation of Npgsql failures into <see cref="EventStoreUnavailableException"/> subclasses.</summary>
internal static class PostgresErrors
{
    /// <summary>Whether <paramref name="ex"/> is an infrastructure failure to translate (not cancellation, not our own errors).</summary>
    public static bool IsInfrastructure(Exception ex) => ex is NpgsqlException or ObjectDisposedException;

    /// <summary>The library exception for an infrastructure failure of the store named <paramref name="store"/>.</summary>
    public static EventStoreUnavailableException Map(Exception ex, string store) => ex switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidSchemaName or PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedFunction } pg =>
            new PostgresSchemaException($"The event store {store} is missing its schema, tables or functions ({pg.SqlState}: {pg.MessageText}); call InitializeAsync to create or upgrade them.", pg),
        PostgresException pg => new PostgresUnavailableException($"PostgreSQL failed for the event store {store} ({pg.SqlState}: {pg.MessageText}).", pg),
        _ => new PostgresUnavailableException($"PostgreSQL is unavailable for the event store {store}: {ex.Message}", ex),
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
}
