// Many OS threads on one in-memory store: Any loses nothing, NoStream lets exactly one win, readers only see whole batches.
using System.Collections.Concurrent;
using EventStore.Functional.Memory;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Memory;

/// <summary>Runs alone (its threads would otherwise starve the other test classes of a small machine).</summary>
[CollectionDefinition(nameof(MemoryConcurrencyStressTests), DisableParallelization = true)]
public sealed class MemoryConcurrencyStressCollection;

[Collection(nameof(MemoryConcurrencyStressTests))]
public sealed class MemoryConcurrencyStressTests
{
    private const int Threads = 16;
    private static readonly ParallelOptions Parallelism = new() { MaxDegreeOfParallelism = Threads };

    [Fact]
    public async Task Many_threads_appending_with_Any_to_one_stream_lose_nothing()
    {
        const int perThread = 150;
        await using var store = new InMemoryEventStore(TestEvents.NewRegistry());
        var id = Guid.NewGuid();
        var written = new ConcurrentBag<(int Thread, int Index, Guid EventId)>();
        var versions = new ConcurrentBag<long>();

        await Parallel.ForAsync(0, Threads, Parallelism, async (t, _) =>
        {
            for (var i = 0; i < perThread; i++)
            {
                var e = new TaskRenamed { NewTitle = $"{t}.{i}" };
                versions.Add((await store.AppendEventsAsync(id, "Task", [e], ExpectedVersion.Any)).NewVersion);
                written.Add((t, i, e.EventId));
            }
        });

        const int total = Threads * perThread;
        var stream = await store.GetEventsAsync(id, "Task");
        Assert.Equal(total, stream.Version);
        Assert.Equal(Enumerable.Range(1, total).Select(v => (long)v), stream.Events.Select(e => e.AggregateVersion));
        Assert.Equal(written.Select(w => w.EventId).Order(), stream.Events.Select(e => e.EventId).Order());
        Assert.Equal(Enumerable.Range(1, total).Select(v => (long)v), versions.Order());
        var position = stream.Events.Select((e, i) => (e.EventId, i)).ToDictionary(p => p.EventId, p => p.i);
        foreach (var thread in written.GroupBy(w => w.Thread))
        {
            var order = thread.OrderBy(w => w.Index).Select(w => position[w.EventId]).ToList();
            Assert.Equal(order.Order(), order);
        }

        Assert.Equal(total, await store.GetEventCountAsync());
        Assert.Equal(total, await store.GetGlobalPositionAsync());
    }

    [Fact]
    public async Task Of_many_threads_appending_with_NoStream_exactly_one_wins_every_round()
    {
        const int rounds = 100;
        await using var store = new InMemoryEventStore(TestEvents.NewRegistry());

        for (var round = 0; round < rounds; round++)
        {
            var id = Guid.NewGuid();
            var wins = 0;
            var conflicts = 0;
            await Parallel.ForAsync(0, Threads, Parallelism, async (t, _) =>
            {
                var result = await store.TryAppendEventsAsync(id, "Task", [new TaskCreated { Title = $"{t}" }], ExpectedVersion.NoStream);
                Interlocked.Increment(ref result.IsRight ? ref wins : ref conflicts);
            });

            Assert.Equal(1, wins);
            Assert.Equal(Threads - 1, conflicts);
            Assert.Equal(1, await store.GetStreamVersionAsync(id, "Task"));
        }

        Assert.Equal(rounds, await store.GetEventCountAsync());
    }

    [Fact]
    public async Task Readers_running_beside_writers_only_ever_see_whole_batches_and_a_dense_feed()
    {
        const int batches = 300;
        const int batchSize = 3;
        await using var store = new InMemoryEventStore(TestEvents.NewRegistry());
        var id = Guid.NewGuid();
        var stop = 0;
        var reads = 0;
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                var stream = await store.GetEventsAsync(id, "Task");
                Assert.Equal(0, stream.Events.Count % batchSize);
                Assert.Equal(stream.Version, stream.Events.Count);
                var feed = new List<long>();
                await foreach (var e in store.ReadAllAsync())
                {
                    feed.Add(e.GlobalPosition);
                }

                Assert.Equal(Enumerable.Range(1, feed.Count).Select(p => (long)p), feed);
                Interlocked.Increment(ref reads);
                reading.TrySetResult();
                await Task.Yield();
            }
        })).ToArray();

        // The writers start once a reader is running: on a busy machine they could otherwise finish before any read began.
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Parallel.ForAsync(0, batches, Parallelism, async (b, _) =>
            await store.AppendEventsAsync(id, "Task", [.. Enumerable.Range(0, batchSize).Select(i => new TaskRenamed { NewTitle = $"{b}.{i}" })], ExpectedVersion.Any));
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(readers);

        Assert.True(reads > 0);
        Assert.Equal(batches * batchSize, await store.GetStreamVersionAsync(id, "Task"));
    }
}
