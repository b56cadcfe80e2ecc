// The store's schema or tables are missing, incomplete, or newer than this library understands.
using EventStore.Functional.Postgres.Internal;

namespace EventStore.Functional.Postgres;

/// <summary>
/// The store's schema is missing or incomplete (call <c>InitializeAsync</c>), or it was created by a newer version of
/// this library. The server's message is part of <see cref="Exception.Message"/> when the server reported the problem.
/// </summary>
public sealed class PostgresSchemaException : EventStoreUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public PostgresSchemaException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with the server's error.</summary>
    public PostgresSchemaException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
