// In-memory store against a plain List under a lock: the cost of the pure core per append and per read.
using EventStore.Functional.Memory;

namespace EventStore.Functional.Benchmarks;

public sealed class MemorySuite : IBenchmarkSuite
{
    private const string Backend = "memory";

    /// <summary>The suffix of the floor's append scenarios (see <see cref="KeepListTarget"/>).</summary>
    private const string Floor = ", floor (List only, own pass)";

    public string Name => Backend;

    public async Task RunAsync(BenchmarkContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Note(Backend, "Reference: every event in a List<T> under a lock, plus a per-stream list and a HashSet of ids (no validation, no version check).");
        context.Note(Backend, "Floor, appends only, in its own pass after the store's (its kept events would otherwise enlarge the heap the collector works through in the store's rounds): \"List only\" makes each event and keeps it in one List<T> under a lock, nothing else. Any store that keeps its events on the heap does at least that, so under this harness its rate bounds such a store's.");
        var matrix = new Matrix(context, Backend);
        (string, Matrix.Factory)[] subjects =
        [
            ("store", _ => Task.FromResult<IBenchTarget>(new StoreTarget(new InMemoryEventStore(BenchEvents.Registry)))),
            ("List+lock", _ => Task.FromResult<IBenchTarget>(new ListTarget())),
        ];
        await matrix.AppendsAsync(subjects);
        await matrix.AppendsAsync([("List only", _ => Task.FromResult<IBenchTarget>(new KeepListTarget()))], Floor);
        await matrix.StreamReadsAsync(subjects);

        await using var large = new StoreTarget(new InMemoryEventStore(BenchEvents.Registry));
        await using var list = new ListTarget();
        await matrix.SeedAsync(large, context.LargeStoreEvents);
        await matrix.SeedAsync(list, context.LargeStoreEvents);
        await matrix.ReadAllAsync(context.LargeStoreEvents, [("store", large), ("List+lock", list)]);
        await using var empty = new StoreTarget(new InMemoryEventStore(BenchEvents.Registry));
        await matrix.GrowthAsync(large, empty);
    }
}
