// Names an event class's type on the wire, decoupling stored data from C# class names.
namespace EventStore.Functional;

/// <summary>Names an event class's type on the wire (the <c>event_type</c> stored with each event).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class EventTypeAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The wire name; not null or blank.</param>
    public EventTypeAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The wire name of the event type.</summary>
    public string Name { get; }
}
