// The benchmark event: about 300 bytes of JSON with its envelope, the one shape every suite and reference appends and reads.
namespace EventStore.Functional.Benchmarks;

[EventType("BenchEvent")]
public sealed record BenchEvent : DomainEvent
{
    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public int Quantity { get; init; }

    public decimal Price { get; init; }
}

public static class BenchEvents
{
    /// <summary>The aggregate type of every benchmark stream.</summary>
    public const string AggregateType = "Bench";

    private static readonly string Description = "Write the quarterly report and send it to the team before the review on Friday";

    public static EventRegistry Registry { get; } = new EventRegistry().Register<BenchEvent>();

    public static BenchEvent New(int i) => new()
    {
        Title = "Prepare the quarterly report",
        Description = Description,
        Quantity = i,
        Price = 12.5m,
        ActorId = "user-42",
    };

    public static DomainEvent[] Batch(int size)
    {
        var events = new DomainEvent[size];
        for (var i = 0; i < size; i++)
        {
            events[i] = New(i);
        }

        return events;
    }
}
