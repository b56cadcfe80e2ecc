// Thrown when an event type name has no registered class: on append, and on reading a stored row.
namespace EventStore.Functional;

/// <summary>An event type has no class in the store's <see cref="EventRegistry"/>.</summary>
public sealed class EventTypeNotRegisteredException : EventStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="eventType">The unknown type name.</param>
    /// <param name="registeredTypes">The names the registry knows.</param>
    public EventTypeNotRegisteredException(string eventType, IReadOnlyList<string> registeredTypes)
        : base($"Event type '{eventType}' is not registered. Registered types: {(registeredTypes.Count == 0 ? "(none)" : string.Join(", ", registeredTypes))}. " +
               "Register the class with EventRegistry.Register<T>() (or RegisterAssembly).")
    {
        EventType = eventType;
        RegisteredTypes = registeredTypes;
    }

    /// <summary>The unknown type name.</summary>
    public string EventType { get; }

    /// <summary>The names the registry knew.</summary>
    public IReadOnlyList<string> RegisteredTypes { get; }
}
