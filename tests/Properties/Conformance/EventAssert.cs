// Compares domain events field by field (envelope, metadata and payload) through their canonical JSON.
using System.Text.Json.Nodes;
using EventStore.Functional.Codec;

namespace EventStore.Functional.Tests.Conformance;

public static class EventAssert
{
    /// <summary>
    /// The stored copy the store must return for <paramref name="appended"/>: stamped with the stream and its position,
    /// <c>OccurredAt</c> in UTC truncated to whole microseconds.
    /// </summary>
    public static DomainEvent StoredCopy(DomainEvent appended, Guid aggregateId, string aggregateType, long position) =>
        appended with
        {
            AggregateId = aggregateId,
            AggregateType = aggregateType,
            AggregateVersion = position,
            OccurredAt = Time.Normalize(appended.OccurredAt),
        };

    /// <summary>Asserts two events have the same class and the same value in every field (object key order aside).</summary>
    public static void Same(DomainEvent expected, DomainEvent actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(expected.EventType, actual.EventType);
        Assert.Equal(TimeSpan.Zero, actual.OccurredAt.Offset);
        Assert.Equal(Canonical(expected), Canonical(actual));
    }

    /// <summary>The event's JSON with object keys sorted (arrays keep their order), so key order never matters.</summary>
    public static string Canonical(DomainEvent e) => Sort(JsonNode.Parse(EventCodec.Encode(e)))?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray([.. a.Select(x => Sort(x?.DeepClone()))]),
        _ => node?.DeepClone(),
    };
}
