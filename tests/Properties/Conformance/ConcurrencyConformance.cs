// Conformance: racing writers (SPEC §3 Concurrency, §4): Any loses nothing, NoStream/Exact let exactly one win, the feed misses nothing.
using System.Collections.Concurrent;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class ConcurrencyConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private const int Writers = 8;

    [Fact]
    public async Task Writers_racing_with_Any_on_one_stream_lose_nothing_and_get_dense_positions()
    {
        const int perWriter = 8;
        var id = Guid.NewGuid();
        var results = new ConcurrentBag<AppendResult>();

        var written = await RaceAsync(Writers, async w =>
        {
            var mine = new List<Guid>();
            for (var i = 0; i < perWriter; i++)
            {
                var e = new TaskRenamed { NewTitle = $"{w}.{i}" };
                results.Add(await AppendAsync(id, TaskType, ExpectedVersion.Any, [e]));
                mine.Add(e.EventId);
            }

            return mine;
        });

        const int total = Writers * perWriter;
        var stream = await ReadStreamListAsync(TaskStream(id));
        Assert.Equal(total, await Store.GetStreamVersionAsync(id, TaskType));
        Assert.Equal(Range(1, total), stream.Select(e => e.StreamPosition));
        Assert.Equal(written.SelectMany(w => w).Order(), stream.Select(e => e.EventId).Order());
        Assert.Equal(Range(1, total), results.Select(r => r.NewVersion).Order());
        foreach (var mine in written)
        {
            var order = mine.Select(m => stream.FindIndex(e => e.EventId == m)).ToList();
            Assert.Equal(order.Order(), order);
        }

        var feed = await ReadAllListAsync();
        AssertGlobalPositions(feed.Select(e => e.GlobalPosition), Range(1, total));
        Assert.Equal(stream.Select(e => e.EventId), feed.Select(e => e.EventId));
    }

    [Fact]
    public async Task Writers_racing_with_StreamExists_on_an_existing_stream_all_succeed()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated());

        var results = await RaceAsync(Writers, _ => AppendAsync(id, TaskType, ExpectedVersion.StreamExists, [new TaskRenamed(), new TaskRenamed()]));

        Assert.Equal(1 + (2 * Writers), await Store.GetStreamVersionAsync(id, TaskType));
        Assert.Equal(Enumerable.Range(1, Writers).Select(i => 1L + (2 * i)), results.Select(r => r.NewVersion).Order());
        Assert.Equal(Range(1, 1 + (2 * Writers)), (await ReadStreamListAsync(TaskStream(id))).Select(e => e.StreamPosition));
    }

    [Fact]
    public async Task Of_writers_racing_with_NoStream_exactly_one_wins_and_the_others_get_conflicts()
    {
        for (var round = 0; round < 3; round++)
        {
            var id = Guid.NewGuid();
            var attempts = Enumerable.Range(0, Writers).Select(i => new TaskCreated { Title = $"{round}.{i}" }).ToArray();

            var outcomes = await RaceAsync(Writers, w => TryAppendAsync(id, TaskType, ExpectedVersion.NoStream, [attempts[w]]));

            var winners = outcomes.Select((o, w) => (o, w)).Where(x => x.o.IsRight).ToList();
            var (winner, index) = Assert.Single(winners);
            Assert.Equal(1, Assert.Single(winner.RightToSeq()).NewVersion);
            Assert.All(outcomes.Where(o => o.IsLeft), o => Assert.Equal(new ConflictError(id, TaskType, ExpectedVersion.NoStream, 1), Assert.Single(o.LeftToSeq())));
            var stored = Assert.Single((await Store.GetEventsAsync(id, TaskType)).Events);
            Assert.Equal(attempts[index].EventId, stored.EventId);
            foreach (var loser in attempts.Where((_, w) => w != index))
            {
                Assert.False(await Store.EventExistsAsync(loser.EventId));
            }
        }
    }

    [Fact]
    public async Task Losers_of_a_race_through_AppendEventsAsync_get_OptimisticLockException_and_nothing_else()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated(), new TaskCompleted(), new TaskRenamed());

        var outcomes = await RaceAsync<Exception?>(Writers, async _ =>
        {
            try
            {
                await AppendAsync(id, TaskType, ExpectedVersion.Exact(3), [new TaskReassigned { NewAssignee = Guid.NewGuid() }]);
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        });

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.OfType<Exception>(), ex => Assert.Equal(4, Assert.IsType<OptimisticLockException>(ex).ActualVersion));
        Assert.Equal(4, await Store.GetStreamVersionAsync(id, TaskType));
    }

    [Fact]
    public async Task Writers_retrying_on_conflict_with_exact_versions_all_get_through_one_version_at_a_time()
    {
        const int perWriter = 4;
        var id = Guid.NewGuid();

        var written = await RaceAsync(4, async w =>
        {
            var mine = new List<Guid>();
            for (var i = 0; i < perWriter; i++)
            {
                var e = new TaskRenamed { NewTitle = $"{w}.{i}" };
                while (true)
                {
                    var version = await Store.GetStreamVersionAsync(id, TaskType);
                    var result = await TryAppendAsync(id, TaskType, ExpectedVersion.Exact(version), [e]);
                    if (result.IsRight)
                    {
                        Assert.Equal(version + 1, Assert.Single(result.RightToSeq()).NewVersion);
                        break;
                    }

                    Assert.True(Assert.Single(result.LeftToSeq()).ActualVersion > version);
                }

                mine.Add(e.EventId);
            }

            return mine;
        });

        var stream = await ReadStreamListAsync(TaskStream(id));
        Assert.Equal(Range(1, 4 * perWriter), stream.Select(e => e.StreamPosition));
        Assert.Equal(written.SelectMany(w => w).Order(), stream.Select(e => e.EventId).Order());
    }

    [Fact]
    public async Task Writers_retrying_the_same_batch_store_it_once()
    {
        var id = Guid.NewGuid();
        DomainEvent[] batch = [new TaskCreated(), new TaskCompleted()];

        var outcomes = await RaceAsync(Writers, _ => TryAppendAsync(id, TaskType, ExpectedVersion.NoStream, batch));

        var successes = outcomes.SelectMany(o => o.RightToSeq()).ToList();
        Assert.NotEmpty(successes);
        Assert.All(successes, r => Assert.Equal(2, r.NewVersion));
        Assert.Single(successes.Select(r => r.GlobalPosition).Distinct());
        // A loser decided while the winner's write was still open gets a conflict (the stream is no longer empty)
        // or, decided after it, an idempotent retry with the winner's numbers; never an exception.
        Assert.All(outcomes.SelectMany(o => o.LeftToSeq()), c => Assert.True(c.ActualVersion > 0));
        Assert.Equal(batch.Select(e => e.EventId), (await ReadStreamListAsync(TaskStream(id))).Select(e => e.EventId));
    }

    [Fact]
    public async Task Writers_on_different_streams_all_succeed_and_the_feed_keeps_each_stream_s_order()
    {
        const int perWriter = 6;
        var ids = Enumerable.Range(0, Writers).Select(_ => Guid.NewGuid()).ToArray();

        var results = await RaceAsync(Writers, async w =>
        {
            var mine = new List<AppendResult>();
            for (var i = 0; i < perWriter; i++)
            {
                mine.Add(await AppendAsync(ids[w], TaskType, ExpectedVersion.Exact(i), [new TaskRenamed { NewTitle = $"{i}" }]));
            }

            return mine;
        });

        Assert.All(results, mine => Assert.Equal(Range(1, perWriter), mine.Select(r => r.NewVersion)));
        var feed = await ReadAllListAsync();
        AssertGlobalPositions(feed.Select(e => e.GlobalPosition), Range(1, Writers * perWriter));
        Assert.Equal(feed.Count, feed.Select(e => e.EventId).Distinct().Count());
        foreach (var id in ids)
        {
            Assert.Equal(Range(1, perWriter), feed.Where(e => e.AggregateId == id).Select(e => e.StreamPosition));
            Assert.Equal(perWriter, await Store.GetStreamVersionAsync(id, TaskType));
        }

        Assert.Equal(results.SelectMany(r => r).Select(r => r.GlobalPosition).Order(), feed.Select(e => e.GlobalPosition));
    }

    [Fact]
    public async Task A_checkpointing_reader_sees_every_event_once_in_order_while_writers_run()
    {
        const int perWriter = 10;
        using var done = new CancellationTokenSource();
        var seen = new List<StoredEvent>();
        long checkpoint = 0;

        async Task<int> PollAsync()
        {
            var count = 0;
            await foreach (var e in Store.ReadAllAsync(new ReadOptions { FromPosition = checkpoint, Limit = 7 }))
            {
                seen.Add(e);
                checkpoint = e.GlobalPosition;
                count++;
            }

            return count;
        }

        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await PollAsync();
                await Task.Delay(1);
            }
        });

        var written = await RaceAsync(4, async w =>
        {
            var id = Guid.NewGuid();
            var mine = new List<Guid>();
            for (var i = 0; i < perWriter; i++)
            {
                var e = new TaskRenamed { NewTitle = $"{w}.{i}" };
                await AppendAsync(id, TaskType, ExpectedVersion.Any, [e]);
                mine.Add(e.EventId);
            }

            return mine;
        });
        await HeadAsync();
        await done.CancelAsync();
        await reader;
        while (await PollAsync() > 0)
        {
        }

        Assert.Equal(written.SelectMany(w => w).Order(), seen.Select(e => e.EventId).Order());
        Assert.All(Pairs(seen), p => Assert.True(p.Earlier.GlobalPosition < p.Later.GlobalPosition));
        Assert.Equal((await ReadAllListAsync()).Select(e => e.EventId), seen.Select(e => e.EventId));
    }

    [Fact]
    public async Task GetEvents_while_writers_append_returns_one_snapshot_of_the_stream_and_its_version()
    {
        const int perWriter = 10;
        var id = Guid.NewGuid();
        await AppendAsync(id, new TaskCreated());
        using var done = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;

        // Unfiltered reads from the start and from a later version (fromVersion inclusive), and an empty tail read: in
        // each, the events are the stream's positions up to the version it reports, and that version never goes back.
        var reader = Task.Run(async () =>
        {
            try
            {
                long last = 0;
                while (!done.IsCancellationRequested)
                {
                    var fromVersion = (reads % 3) switch { 0 => 0L, 1 => 5L, _ => last + 1000 };
                    var stream = await Store.GetEventsAsync(id, TaskType, fromVersion);
                    Assert.True(stream.Version >= last, $"version went back from {last} to {stream.Version}");
                    var first = Math.Max(1, fromVersion);
                    Assert.Equal(Range(first, (int)Math.Max(0, stream.Version - first + 1)), stream.Events.Select(e => e.AggregateVersion));
                    last = stream.Version;
                    reads++;
                    reading.TrySetResult();
                }
            }
            finally
            {
                reading.TrySetResult(); // a reader that fails must not keep the writers waiting; awaiting it reports the failure
            }
        });

        await reading.Task; // the writers start once the reader has read
        await RaceAsync(4, async w =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await AppendAsync(id, TaskType, ExpectedVersion.Any, [new TaskRenamed { NewTitle = $"{w}.{i}" }, new TaskRenamed()]);
            }

            return w;
        });
        await done.CancelAsync();
        await reader;

        var final = await Store.GetEventsAsync(id, TaskType);
        Assert.Equal(1 + (4 * perWriter * 2), final.Version);
        Assert.Equal(Range(1, (int)final.Version), final.Events.Select(e => e.AggregateVersion));
    }

    // Starts `count` tasks on the thread pool together and returns their results in task order.
    private static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> body)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await body(i);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }
}
