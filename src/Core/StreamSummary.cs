// One stream as IEventStoreInspector lists it: its id, version and when it last changed.
namespace EventStore.Functional;

/// <summary>A stream's summary (see <see cref="IEventStoreInspector.ListStreamsAsync"/>).</summary>
/// <param name="StreamId">The stream id, <c>"{aggregateId}:{aggregateType}"</c>.</param>
/// <param name="AggregateType">The stream's aggregate type.</param>
/// <param name="Version">The stream's current version (its event count).</param>
/// <param name="LastGlobalPosition">The global position of its last event.</param>
/// <param name="LastStoredAt">When its last event was stored (UTC).</param>
public sealed record StreamSummary(string StreamId, string AggregateType, long Version, long LastGlobalPosition, DateTimeOffset LastStoredAt);
