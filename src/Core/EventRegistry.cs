// Maps wire type names to event classes, so stored events can be decoded and appends validated.
using System.Collections.Concurrent;
using System.Reflection;

namespace EventStore.Functional;

/// <summary>
/// The set of event classes a store knows, by wire name. Appends of an unregistered type and reads of a
/// stored type no registered class has fail with <see cref="EventTypeNotRegisteredException"/>.
/// Thread-safe.
/// </summary>
public sealed partial class EventRegistry
{
    private readonly ConcurrentDictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>The process-wide registry used by stores created without one.</summary>
    public static EventRegistry Default { get; } = new();

    /// <summary>Registers <typeparamref name="T"/> under its wire name.</summary>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="ArgumentException">Another class is already registered under the same name.</exception>
    public EventRegistry Register<T>() where T : DomainEvent => Register(typeof(T));

    /// <summary>Registers an event class under its wire name (registering the same class twice is a no-op).</summary>
    /// <param name="eventClass">A concrete subclass of <see cref="DomainEvent"/>.</param>
    /// <returns>This registry, for chaining.</returns>
    /// <exception cref="ArgumentException">Not a concrete event class, or another class has the same name.</exception>
    public EventRegistry Register(Type eventClass)
    {
        ArgumentNullException.ThrowIfNull(eventClass);
        if (!typeof(DomainEvent).IsAssignableFrom(eventClass) || eventClass.IsAbstract || eventClass.IsGenericTypeDefinition)
        {
            throw new ArgumentException($"'{eventClass.FullName}' is not a concrete subclass of DomainEvent.", nameof(eventClass));
        }

        var name = DomainEvent.NameOf(eventClass);
        lock (_gate)
        {
            if (_byName.TryGetValue(name, out var existing) && existing != eventClass)
            {
                throw new ArgumentException(
                    $"Event type '{name}' is already registered to '{existing.FullName}'; cannot register '{eventClass.FullName}' under the same name.",
                    nameof(eventClass));
            }

            _byName[name] = eventClass;
        }

        return this;
    }

    /// <summary>Registers every concrete <see cref="DomainEvent"/> subclass of an assembly.</summary>
    /// <returns>This registry, for chaining.</returns>
    public EventRegistry RegisterAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().Where(t => typeof(DomainEvent).IsAssignableFrom(t) && !t.IsAbstract && !t.IsGenericTypeDefinition))
        {
            Register(type);
        }

        return this;
    }

    /// <summary>
    /// Whether stores using this registry accept <see cref="RawEvent"/>s of unregistered types on append and return rows of
    /// unregistered types as <see cref="RawEvent"/>s on read (instead of throwing <see cref="EventTypeNotRegisteredException"/>).
    /// Off by default: the typed path is strict.
    /// </summary>
    public bool RawEventsAllowed { get; private set; }

    /// <summary>Turns on <see cref="RawEventsAllowed"/> (for tools that have no compiled event classes). Cannot be turned off.</summary>
    /// <returns>This registry, for chaining.</returns>
    public EventRegistry AllowRawEvents()
    {
        RawEventsAllowed = true;
        return this;
    }

    /// <summary>Whether a store using this registry may append <paramref name="e"/>: its type is registered, or it is a raw event and raw events are allowed.</summary>
    public bool Accepts(DomainEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return IsRegistered(e.EventType) || (e is RawEvent && RawEventsAllowed);
    }

    /// <summary>Whether a class is registered under <paramref name="eventType"/>.</summary>
    public bool IsRegistered(string eventType) => eventType is not null && _byName.ContainsKey(eventType);

    /// <summary>Finds the class registered under a wire name.</summary>
    public bool TryGetType(string eventType, out Type eventClass)
    {
        if (eventType is not null && _byName.TryGetValue(eventType, out var found))
        {
            eventClass = found;
            return true;
        }

        eventClass = typeof(DomainEvent);
        return false;
    }

    /// <summary>The registered wire names, sorted.</summary>
    public IReadOnlyList<string> RegisteredTypes => [.. _byName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The class registered under <paramref name="eventType"/>.</summary>
    /// <exception cref="EventTypeNotRegisteredException">No class has that name.</exception>
    public Type Resolve(string eventType) =>
        TryGetType(eventType, out var t) ? t : throw new EventTypeNotRegisteredException(eventType, RegisteredTypes);
}
