// Infrastructure failures: a lost connection, a busy database file, a missing schema, a closed store.
namespace EventStore.Functional;

/// <summary>
/// The store could not do its work for a reason outside the caller's request: the connection failed,
/// the database stayed locked past its timeout, the schema is missing or too new, or the store was disposed.
/// The backend's own message is kept in <see cref="Exception.Message"/> and <see cref="Exception.InnerException"/>.
/// </summary>
public class EventStoreUnavailableException : EventStoreException
{
    /// <summary>Creates the exception.</summary>
    public EventStoreUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public EventStoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
