// A concrete append (what a caller passes to the store), resolved from a symbolic command against the model's state.
namespace EventStore.Functional.Tests.Properties;

/// <summary>An append call: stream, batch, expected version, and whether to use the throwing method.</summary>
public sealed record AppendCall(StreamKey Stream, IReadOnlyList<DomainEvent> Events, ExpectedVersion Expected, bool Throwing)
{
    public override string ToString() =>
        $"{Stream.AggregateType}:{Stream.AggregateId.ToString()[..4]} expecting {Expected}: [{string.Join(", ", Events.Select(e => $"{e.EventType}#{e.EventId.ToString()[..4]}"))}]";
}
