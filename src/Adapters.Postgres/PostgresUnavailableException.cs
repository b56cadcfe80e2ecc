// The PostgreSQL server could not be reached or failed to do the store's work (connection, timeout, shutdown).
namespace EventStore.Functional.Postgres;

/// <summary>
/// The PostgreSQL server could not be reached or failed while serving the store (connection refused or lost, timeout,
/// server shutdown, out of resources). The driver's message is part of <see cref="Exception.Message"/>; the driver's
/// exception is <see cref="Exception.InnerException"/>. An append that fails this way may or may not have committed
/// only if the failure happened during COMMIT; otherwise nothing was written.
/// </summary>
public sealed class PostgresUnavailableException : EventStoreUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public PostgresUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The PostgreSQL error code (SQLSTATE) when the server reported one, else null.</summary>
    public string? SqlState => (InnerException as Npgsql.PostgresException)?.SqlState;
}
