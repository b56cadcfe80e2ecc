// The benchmark event: about 300 bytes of JSON, the shape every suite appends and reads.
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
    public static EventRegistry Registry { get; } = new EventRegistry().Register<BenchEvent>();

    private static readonly string Description = new('x', 120);

    public static DomainEvent[] Batch(int size)
    {
        var events = new DomainEvent[size];
        for (var i = 0; i < size; i++)
        {
            events[i] = new BenchEvent { Title = "Benchmark event", Description = Description, Quantity = i, Price = 12.5m };
        }

        return events;
    }
}
