// The benchmark event: about 300 bytes of JSON with its envelope, the one shape every suite and reference appends and reads.
using System.Buffers.Binary;

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

    // A random prefix per process (so runs against one server never collide) and a counter.
    private static readonly long IdPrefix = BitConverter.ToInt64(Guid.NewGuid().ToByteArray());
    private static long _idCounter;

    private static readonly BenchEvent Prototype = new()
    {
        Title = "Prepare the quarterly report",
        Description = Description,
        Price = 12.5m,
        ActorId = "user-42",
    };

    public static EventRegistry Registry { get; } = new EventRegistry().Register<BenchEvent>();

    /// <summary>
    /// A unique, ascending id for events and streams. Not <see cref="Guid.NewGuid"/>: on the benchmark VM every call reads
    /// the kernel's random generator (about 0.7 µs), which would time the caller's id generation rather than the store
    /// (the memory store's whole append takes a few µs). A counter is also cheaper than the events' own default ids.
    /// </summary>
    public static Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, IdPrefix);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Interlocked.Increment(ref _idCounter));
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// A new event with fresh ids and the current time. Copied from a prototype with <c>with</c>: a record's copy
    /// constructor skips <see cref="DomainEvent"/>'s default initialisers, which would draw two more ids.
    /// </summary>
    public static BenchEvent New(int i) => Prototype with
    {
        EventId = NewId(),
        CorrelationId = NewId(),
        OccurredAt = DateTimeOffset.UtcNow,
        Quantity = i,
    };

    /// <summary>
    /// What <c>new BenchEvent()</c> costs on this machine, in µs: its <see cref="DomainEvent"/> defaults make two ids and
    /// read the clock. Every System.Text.Json decode (the store's codec, the raw references, Marten) runs that constructor
    /// for each event read, only for the payload to overwrite those defaults; the report states the cost.
    /// </summary>
    public static double ConstructorMicroseconds()
    {
        const int n = 100_000;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        BenchEvent? last = null;
        for (var i = 0; i < n; i++)
        {
            last = new BenchEvent();
        }

        var microseconds = clock.Elapsed.TotalMicroseconds / n;
        GC.KeepAlive(last);
        return microseconds;
    }

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
