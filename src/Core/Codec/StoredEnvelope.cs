// The envelope an append stamped, as a store keeps it beside the payload, and the rule that a read returns it: the envelope is the store's.
namespace EventStore.Functional.Codec;

/// <summary>
/// What an append stamped on a stored event and the store keeps in columns of its own: the event id, the stream, the
/// position in it, the tenant and the (normalised) time. Every read path of a store that decodes payloads applies
/// <see cref="Apply"/> to each decoded event, so a payload can never make a read say otherwise — whatever its JSON holds
/// (a forged <c>tenantId</c>, a converter that writes its own envelope, a row written by an older version or another tool).
/// </summary>
/// <param name="EventId">The event id column.</param>
/// <param name="Stream">The stream (aggregate id and type) the row belongs to.</param>
/// <param name="StreamPosition">The stream position column: the event's <see cref="DomainEvent.AggregateVersion"/>.</param>
/// <param name="TenantId">The tenant column (what tenant filters match).</param>
/// <param name="OccurredAt">The occurred-at column (what time filters match), UTC.</param>
internal readonly record struct StoredEnvelope(Guid EventId, StreamKey Stream, long StreamPosition, Guid? TenantId, DateTimeOffset OccurredAt)
{
    /// <summary>
    /// <paramref name="decoded"/> with this envelope: the same instance when its payload agrees (the normal case, no
    /// copy), else a copy with <see cref="DomainEvent.EventId"/>, <see cref="DomainEvent.AggregateId"/>,
    /// <see cref="DomainEvent.AggregateType"/>, <see cref="DomainEvent.AggregateVersion"/>, <see cref="DomainEvent.TenantId"/>
    /// and <see cref="DomainEvent.OccurredAt"/> taken from here.
    /// </summary>
    public DomainEvent Apply(DomainEvent decoded) =>
        decoded.EventId == EventId
        && decoded.AggregateId == Stream.AggregateId
        && string.Equals(decoded.AggregateType, Stream.AggregateType, StringComparison.Ordinal)
        && decoded.AggregateVersion == StreamPosition
        && decoded.TenantId == TenantId
        && decoded.OccurredAt.EqualsExact(OccurredAt)
            ? decoded
            : decoded with
            {
                EventId = EventId,
                AggregateId = Stream.AggregateId,
                AggregateType = Stream.AggregateType,
                AggregateVersion = StreamPosition,
                TenantId = TenantId,
                OccurredAt = OccurredAt,
            };
}
