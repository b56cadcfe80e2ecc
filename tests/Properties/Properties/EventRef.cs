// An event of a generated batch: a new event, or a reference to one already sent (a repeated id).
namespace EventStore.Functional.Tests.Properties;

/// <summary>An element of a generated batch.</summary>
public abstract record EventRef
{
    private EventRef()
    {
    }

    /// <summary>A new event with a fresh id; <paramref name="Stamped"/>: sent with the stream's id and type already set.</summary>
    public sealed record New(DomainEvent Event, bool Stamped) : EventRef
    {
        public override string ToString() => $"{Event.EventType}#{Event.EventId.ToString()[..4]}{(Stamped ? "(stamped)" : "")}";
    }

    /// <summary>
    /// The event sent earlier with number <paramref name="Index"/> (modulo their count): among those sent to the same
    /// stream (a retry, or a repeat inside the batch) or, when <paramref name="AnyStream"/>, among all (possibly a
    /// duplicate in another stream). Dropped while there is none.
    /// </summary>
    public sealed record Reuse(int Index, bool AnyStream) : EventRef
    {
        public override string ToString() => AnyStream ? $"reuse-any:{Index}" : $"reuse:{Index}";
    }
}
