// The PostgreSQL server could not be reached or failed to do the store's work (connection, timeout, shutdown).
using EventStore.Functional.Postgres.Internal;

namespace EventStore.Functional.Postgres;

/// <summary>
/// The PostgreSQL server could not be reached or failed while serving the store (connection refused or lost, timeout,
/// server shutdown, out of resources). The driver's message is part of <see cref="Exception.Message"/>; the driver's
/// exception is <see cref="Exception.InnerException"/>. An append that fails this way wrote nothing: when the connection
/// failed after its COMMIT was sent, the append throws <see cref="AppendOutcomeUnknownException"/> instead (this exception
/// is then its inner exception). <see cref="EventStoreUnavailableException.IsTransient"/> is set from the SQLSTATE and
/// Npgsql's own classification; the store retried transient failures as its
/// <see cref="PostgresEventStoreOptions.Retries"/> allow before reporting one.
/// </summary>
public sealed class PostgresUnavailableException : EventStoreUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public PostgresUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception, saying whether the failure may pass.</summary>
    public PostgresUnavailableException(string message, Exception innerException, bool isTransient) : base(message, innerException, isTransient)
    {
    }

    /// <summary>The PostgreSQL error code (SQLSTATE) when the server reported one, else null.</summary>
    public string? SqlState => (InnerException as Npgsql.PostgresException)?.SqlState;
}
