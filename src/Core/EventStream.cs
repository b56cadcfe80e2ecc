// All (or a filtered part) of one aggregate's events, with the stream's current version.
namespace EventStore.Functional;

/// <summary>The events of one aggregate, in stream order, and the stream's current version.</summary>
/// <param name="AggregateId">The aggregate's id.</param>
/// <param name="AggregateType">The aggregate's type.</param>
/// <param name="Events">The events that passed the read's filters, in stream order.</param>
/// <param name="Version">The stream's current version, whatever the filters (0 for an absent stream).</param>
public sealed record EventStream(Guid AggregateId, string AggregateType, IReadOnlyList<DomainEvent> Events, long Version)
{
    /// <summary>The last of <see cref="Events"/>, or null when there are none.</summary>
    public DomainEvent? LatestEvent => Events.Count > 0 ? Events[^1] : null;

    /// <summary>True when <see cref="Events"/> is empty.</summary>
    public bool IsEmpty => Events.Count == 0;

    /// <summary>The stream id, <c>"{aggregateId}:{aggregateType}"</c>.</summary>
    public string StreamId => StreamKey.Format(AggregateId, AggregateType);
}
