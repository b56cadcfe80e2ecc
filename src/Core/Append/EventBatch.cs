// The array a request or a decision holds its events in: its Seq made on first read, and its part of a hash code.
using LanguageExt;

namespace EventStore.Functional.Append;

/// <summary>Helpers for the events an <see cref="AppendRequest"/> or an <see cref="AppendDecision.Write"/> keeps in an array of its own.</summary>
internal static class EventBatch
{
    /// <summary>
    /// The batch as a <see cref="Seq{A}"/>, made once into <paramref name="cache"/> (a benign race: <see cref="Seq{A}"/> is
    /// one reference, so every reader gets an equal value).
    /// </summary>
    public static Seq<DomainEvent> AsSeq(ref Seq<DomainEvent> cache, DomainEvent[] batch) =>
        cache.IsEmpty && batch.Length != 0 ? cache = batch.ToSeq() : cache;

    /// <summary><paramref name="hash"/> with every event of the batch added, in order, as a hash code.</summary>
    public static int Hash(HashCode hash, DomainEvent[] batch)
    {
        foreach (var e in batch)
        {
            hash.Add(e);
        }

        return hash.ToHashCode();
    }
}
