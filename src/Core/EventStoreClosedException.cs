// Thrown by any method of a store that has been disposed.
namespace EventStore.Functional;

/// <summary>The store was disposed; create a new one.</summary>
public sealed class EventStoreClosedException : EventStoreUnavailableException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="storeName">A description of the closed store.</param>
    public EventStoreClosedException(string storeName) : base($"The event store {storeName} has been disposed and cannot be used any more.")
    {
    }
}
