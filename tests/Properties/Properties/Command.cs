// The symbolic commands of a generated history: plain data, resolved against the model's state only when run,
// so that shrinking (dropping commands or events) always leaves a runnable history.
using System.Collections.Immutable;

namespace EventStore.Functional.Tests.Properties;

/// <summary>One step of a generated script: an append of some kind, or a read.</summary>
public abstract record Command
{
    private Command()
    {
    }

    /// <summary>Appends <paramref name="Events"/> to stream number <paramref name="Stream"/> of the pool.</summary>
    /// <param name="Throwing">Use <c>AppendEventsAsync</c> (conflicts throw) instead of <c>TryAppendEventsAsync</c>.</param>
    public sealed record Append(int Stream, Expect Expected, ImmutableArray<EventRef> Events, bool Throwing) : Command
    {
        public override string ToString() => $"Append(s{Stream}, {Expected}, [{string.Join(", ", Events)}]{(Throwing ? ", throwing" : "")})";
    }

    /// <summary>Sends the batch of an earlier append (number <paramref name="Batch"/>, modulo their count) again, unchanged.</summary>
    public sealed record Retry(int Batch, Expect Expected) : Command
    {
        public override string ToString() => $"Retry(batch {Batch}, {Expected})";
    }

    /// <summary>Appends a fresh valid event followed by an invalid one (wrong aggregate, wrong type or unregistered).</summary>
    public sealed record Invalid(int Stream, InvalidKind Kind, DomainEvent Valid) : Command
    {
        public override string ToString() => $"Invalid(s{Stream}, {Kind})";
    }

    /// <summary><c>GetEventsAsync</c>.</summary>
    public sealed record GetEvents(int Stream, int FromVersion, Moment? From, Moment? To) : Command
    {
        public override string ToString() => $"GetEvents(s{Stream}, from version {FromVersion}, {From?.ToString() ?? "-"} to {To?.ToString() ?? "-"})";
    }

    /// <summary><c>ReadStreamAsync</c>.</summary>
    public sealed record ReadStream(int Stream, ReadSpec Options) : Command
    {
        public override string ToString() => $"ReadStream(s{Stream}, {Options})";
    }

    /// <summary><c>ReadAllAsync</c>.</summary>
    public sealed record ReadAll(ReadSpec Options) : Command
    {
        public override string ToString() => $"ReadAll({Options})";
    }

    /// <summary><c>GetEventsByTypeAsync</c> for aggregate type number <paramref name="AggregateType"/> of <see cref="Pool.AggregateTypes"/>.</summary>
    public sealed record ByType(int AggregateType, int? Tenant, Moment? From) : Command
    {
        public override string ToString() => $"GetEventsByType({Pool.AggregateTypes[AggregateType]}, tenant {Tenant?.ToString() ?? "-"}, from {From?.ToString() ?? "-"})";
    }

    /// <summary><c>EventExistsAsync</c> for a sent event (number <paramref name="Known"/>) or, when given, an id never sent.</summary>
    public sealed record Exists(int Known, Guid? Unknown) : Command
    {
        public override string ToString() => Unknown is null ? $"EventExists(sent {Known})" : "EventExists(unknown)";
    }

    /// <summary><c>GetStreamVersionAsync</c>.</summary>
    public sealed record StreamVersion(int Stream) : Command
    {
        public override string ToString() => $"GetStreamVersion(s{Stream})";
    }

    /// <summary><c>GetGlobalPositionAsync</c>.</summary>
    public sealed record GlobalPosition : Command
    {
        public override string ToString() => "GetGlobalPosition()";
    }

}

/// <summary>How an invalid append is invalid.</summary>
public enum InvalidKind
{
    /// <summary>An event carries another aggregate's id.</summary>
    ForeignAggregate,

    /// <summary>An event carries another aggregate type.</summary>
    ForeignType,

    /// <summary>An event whose class is not registered.</summary>
    Unregistered,
}
