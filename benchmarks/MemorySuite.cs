// In-memory store against a plain List under a lock: the cost of the pure core per append and per read.
using EventStore.Functional.Memory;

namespace EventStore.Functional.Benchmarks;

public sealed class MemorySuite : IBenchmarkSuite
{
    public string Name => "memory";

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var appends = context.Quick ? 20_000 : 200_000;
        foreach (var batch in new[] { 1, 100 })
        {
            var store = await context.MeasureAsync(async () =>
            {
                await using var s = new InMemoryEventStore(BenchEvents.Registry);
                var n = appends / batch * batch;
                for (var i = 0; i < n / batch; i++)
                {
                    await s.AppendEventsAsync(Guid.NewGuid(), "Bench", BenchEvents.Batch(batch), ExpectedVersion.NoStream);
                }

                return n;
            });
            var reference = await context.MeasureAsync(() =>
            {
                var list = new List<DomainEvent>();
                var gate = new object();
                var n = appends / batch * batch;
                for (var i = 0; i < n / batch; i++)
                {
                    var events = BenchEvents.Batch(batch);
                    lock (gate)
                    {
                        list.AddRange(events);
                    }
                }

                return Task.FromResult((long)n);
            });
            context.Report("memory", $"append {batch}-event batches, 1 writer", store, "List+lock", reference);
        }
    }
}
