// A domain event as the store holds it: with its stream, positions and storage time.
namespace EventStore.Functional;

/// <summary>A stored domain event with its persistence metadata.</summary>
/// <param name="Event">The stored copy of the event (stamped with stream id, type and version).</param>
/// <param name="StreamId">The stream id, <c>"{aggregateId}:{aggregateType}"</c>.</param>
/// <param name="StreamPosition">The event's position in its stream, from 1.</param>
/// <param name="GlobalPosition">The event's position in the global feed.</param>
/// <param name="StoredAt">When the store committed the event's batch (UTC).</param>
public sealed record StoredEvent(DomainEvent Event, string StreamId, long StreamPosition, long GlobalPosition, DateTimeOffset StoredAt)
{
    /// <summary>The event's id.</summary>
    public Guid EventId => Event.EventId;

    /// <summary>The event's wire type name.</summary>
    public string EventType => Event.EventType;

    /// <summary>The aggregate's id.</summary>
    public Guid AggregateId => Event.AggregateId;

    /// <summary>The aggregate's type.</summary>
    public string AggregateType => Event.AggregateType;

    /// <summary>The event's tenant, if any.</summary>
    public Guid? TenantId => Event.TenantId;
}
