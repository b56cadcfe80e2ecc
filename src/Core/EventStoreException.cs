// The base of every error the library raises itself.
namespace EventStore.Functional;

/// <summary>Base of every error EventStore.Functional raises itself (argument errors excepted).</summary>
public class EventStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EventStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventStoreException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause (for example the driver's exception).</summary>
    public EventStoreException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
