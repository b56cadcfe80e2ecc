// How many streams and events one aggregate type has (a line of StoreStatistics).
namespace EventStore.Functional;

/// <summary>The streams and events of one aggregate type.</summary>
/// <param name="AggregateType">The aggregate type.</param>
/// <param name="Streams">How many streams of that type exist.</param>
/// <param name="Events">How many events those streams hold.</param>
public sealed record AggregateTypeCount(string AggregateType, long Streams, long Events);
