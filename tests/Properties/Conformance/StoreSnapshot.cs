// What a store holds at one moment, compared before and after a call that must change nothing.
namespace EventStore.Functional.Tests.Conformance;

/// <summary>The feed's head and every stored event as a comparable row (id, stream, positions, type, stored time).</summary>
public sealed record StoreSnapshot(long Head, IReadOnlyList<string> Rows, IReadOnlySet<Guid> EventIds)
{
    public static StoreSnapshot Of(long head, IEnumerable<StoredEvent> feed)
    {
        var events = feed.ToList();
        return new StoreSnapshot(
            head,
            [.. events.Select(e => $"{e.GlobalPosition} {e.StreamId}#{e.StreamPosition} {e.EventType} {e.EventId:D} {e.StoredAt:O}")],
            events.Select(e => e.EventId).ToHashSet());
    }
}
