// The base record of every domain event: identity, envelope metadata and the wire type name.
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using EventStore.Functional.Codec;

namespace EventStore.Functional;

/// <summary>
/// Base of every domain event. Subclass it as a record with init-only properties for the event's
/// data; give it an <see cref="EventTypeAttribute"/> to choose its wire name, and override
/// <see cref="AggregateType"/> to give a default aggregate type.
/// </summary>
/// <remarks>
/// Serialised by any System.Text.Json call where its declared type is <see cref="DomainEvent"/> (a
/// <see cref="StoredEvent"/>, an <see cref="EventStream"/>, a list of events returned from an API), an event is written as
/// its runtime class, data included, with the caller's options; reading JSON into the abstract base throws
/// <see cref="NotSupportedException"/> (see <see cref="DomainEventJsonConverter"/>).
/// </remarks>
[JsonConverter(typeof(DomainEventJsonConverter))]
public abstract record DomainEvent
{
    private static readonly ConcurrentDictionary<Type, string> TypeNames = new();

    /// <summary>Unique id of the event; the store's idempotency key. Default: a new time-ordered (v7) GUID.</summary>
    public Guid EventId { get; init; } = RandomIds.NewVersion7();

    /// <summary>When the event happened. Default: now (UTC). Stored in UTC, truncated to whole microseconds.</summary>
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The aggregate this event belongs to; <see cref="Guid.Empty"/> is stamped with the append's aggregate id.</summary>
    public Guid AggregateId { get; init; }

    /// <summary>The aggregate's type; <c>""</c> is stamped with the append's aggregate type.</summary>
    public virtual string AggregateType { get; init; } = "";

    /// <summary>The event's position in its stream; the store stamps the stored copy with the real one.</summary>
    public long AggregateVersion { get; init; }

    /// <summary>The tenant the event belongs to, when the application is multi-tenant.</summary>
    public Guid? TenantId { get; init; }

    /// <summary>Who caused the event (a user or system id), if known.</summary>
    public string? ActorId { get; init; }

    /// <summary>Correlates the events of one business operation. Default: a new random (v4) GUID.</summary>
    public Guid CorrelationId { get; init; } = RandomIds.NewVersion4();

    /// <summary>The id of the event or command that caused this one, if any.</summary>
    public Guid? CausationId { get; init; }

    /// <summary>Schema version of the event's payload (for upcasting). Default 1.</summary>
    public int EventVersion { get; init; } = 1;

    /// <summary>Free-form string metadata. Default: empty.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata.Instance;

    /// <summary>
    /// The event's type name on the wire: the <see cref="EventTypeAttribute"/>'s name if the class has one,
    /// else the class name.
    /// </summary>
    [JsonIgnore]
    public virtual string EventType => NameOf(GetType());

    /// <summary>The wire name of an event class (its <see cref="EventTypeAttribute"/>, else its name).</summary>
    /// <param name="eventClass">A subclass of <see cref="DomainEvent"/>.</param>
    public static string NameOf(Type eventClass)
    {
        ArgumentNullException.ThrowIfNull(eventClass);
        return TypeNames.GetOrAdd(eventClass, static t => t.GetCustomAttribute<EventTypeAttribute>(inherit: false)?.Name ?? t.Name);
    }

    private static class EmptyMetadata
    {
        public static readonly IReadOnlyDictionary<string, string> Instance = new Dictionary<string, string>();
    }
}
