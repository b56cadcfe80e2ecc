// What a store holds, in numbers: events, streams, aggregate types, feed head, time span and size.
namespace EventStore.Functional;

/// <summary>A store's statistics (see <see cref="IEventStoreInspector.GetStatisticsAsync"/>).</summary>
/// <param name="Events">How many events are stored.</param>
/// <param name="Streams">How many streams have at least one event.</param>
/// <param name="GlobalPosition">The feed's head, as <see cref="IEventStore.GetGlobalPositionAsync"/> returns it.</param>
/// <param name="AggregateTypes">Streams and events per aggregate type, ordered by type name (ordinal).</param>
/// <param name="FirstStoredAt">The earliest <c>StoredAt</c>; null when the store is empty.</param>
/// <param name="LastStoredAt">The latest <c>StoredAt</c>; null when the store is empty.</param>
/// <param name="SizeBytes">The storage the store occupies (the SQLite file, the PostgreSQL table with its indexes); null in memory.</param>
public sealed record StoreStatistics(
    long Events,
    long Streams,
    long GlobalPosition,
    IReadOnlyList<AggregateTypeCount> AggregateTypes,
    DateTimeOffset? FirstStoredAt,
    DateTimeOffset? LastStoredAt,
    long? SizeBytes);
