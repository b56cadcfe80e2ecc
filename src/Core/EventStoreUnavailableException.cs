// Infrastructure failures: a lost connection, a busy database file, a missing schema, a closed store.
namespace EventStore.Functional;

/// <summary>
/// The store could not do its work for a reason outside the caller's request: the connection failed,
/// the database stayed locked past its timeout, the schema is missing or too new, or the store was disposed.
/// The backend's own message is kept in <see cref="Exception.Message"/> and <see cref="Exception.InnerException"/>.
/// </summary>
public class EventStoreUnavailableException : EventStoreException
{
    /// <summary>Creates the exception (not transient).</summary>
    public EventStoreUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause (not transient).</summary>
    public EventStoreUnavailableException(string message, Exception innerException) : this(message, innerException, isTransient: false)
    {
    }

    /// <summary>Creates the exception with its cause, saying whether the failure may pass (see <see cref="IsTransient"/>).</summary>
    public EventStoreUnavailableException(string message, Exception innerException, bool isTransient) : base(message, innerException) =>
        IsTransient = isTransient;

    /// <summary>
    /// Whether the failure is of a kind that may pass, so that the same call, made again later, may succeed: a lost or
    /// refused connection, a server shutting down or starting, a lock or resource held by someone else. Each backend sets
    /// it when it translates its driver's error (by error code, never by message text). A store already retried a
    /// transient failure of an append or of a read that had returned nothing, as its <see cref="RetryPolicy"/> allows,
    /// before it reported it. False for a missing schema, a disposed store, and failures the backend cannot classify.
    /// </summary>
    public bool IsTransient { get; }
}
