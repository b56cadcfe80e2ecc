// The event the writer process appends: it says which writer, batch and slot it is, so a reader can check batches whole.
namespace EventStore.Functional.SqliteChild;

/// <summary>Event <paramref name="Index"/> of <paramref name="Size"/> in batch <paramref name="Batch"/> of writer <paramref name="Writer"/>.</summary>
[EventType("ChildAppended")]
public sealed record ChildAppended(string Writer, int Batch, int Index, int Size) : DomainEvent
{
    /// <summary>Filler so each row is about as large as a real event.</summary>
    public string Note { get; init; } = new('x', 200);
}
