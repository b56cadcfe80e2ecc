// SPEC §3–4 under real concurrency: two application servers, 16 writers, a tailing reader, racing version checks.
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresWriterRaceTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const int Writers = 16;

    [Fact]
    public async Task Reader_tailing_the_feed_with_a_checkpoint_sees_every_event_once_in_the_final_order_under_16_writers()
    {
        var (a, b, otherSource) = await TwoServersAsync();
        await using var _ = otherSource;
        await using var storeA = a;
        await using var storeB = b;
        var hot = Guid.NewGuid();
        using var stop = new CancellationTokenSource();

        var reader = TailAsync(storeA, stop.Token);
        var written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w % 2 == 0 ? storeA : storeB, w, hot))));
        var expected = written.SelectMany(ids => ids).ToHashSet();
        var final = await storeB.ReadAllAsync().ToListAsync();
        await reader.WaitForCountAsync(expected.Count, TimeSpan.FromSeconds(60));
        await Task.Delay(100); // a duplicate delivered after the count was reached would show up here
        await stop.CancelAsync();
        await reader.Run; // rethrows an assertion that failed inside the reader
        var seen = reader.Seen();

        Assert.Equal(expected.Count, final.Count);
        Assert.True(expected.SetEquals(final.Select(e => e.EventId)), "the final full read holds every appended event");
        Assert.Equal(final.Select(e => e.EventId), seen.Select(e => e.EventId));
        Assert.Equal(final.Select(e => e.GlobalPosition), seen.Select(e => e.GlobalPosition));
        Assert.Equal(final[^1].GlobalPosition, await storeA.GetGlobalPositionAsync());
        var hotStream = await storeA.ReadStreamAsync(StreamKey.Format(hot, "Task")).ToListAsync();
        Assert.Equal(Enumerable.Range(1, hotStream.Count).Select(i => (long)i), hotStream.Select(e => e.StreamPosition));
    }

    [Theory]
    [InlineData(1)] // append_assumed_one
    [InlineData(2)] // append_assumed
    public async Task Exactly_one_of_16_concurrent_NoStream_appends_wins_and_the_losers_burn_no_position(int size)
    {
        var (a, b, otherSource) = await TwoServersAsync();
        await using var _ = otherSource;
        await using var storeA = a;
        await using var storeB = b;
        var id = Guid.NewGuid();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            DomainEvent[] batch = size == 1 ? [new TaskCreated { Title = $"writer {w}" }] : [new TaskCreated { Title = $"writer {w}" }, new TaskCompleted()];
            return await (w % 2 == 0 ? storeA : storeB).TryAppendEventsAsync(id, "Task", batch, ExpectedVersion.NoStream);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(racing);

        var winner = Assert.Single(results.SelectMany(r => r.RightToSeq()));
        var conflicts = results.SelectMany(r => r.LeftToSeq()).ToList();
        Assert.Equal(Writers - 1, conflicts.Count);
        Assert.All(conflicts, c => Assert.Equal(new ConflictError(id, "Task", ExpectedVersion.NoStream, size), c));
        Assert.Equal(((long)size, (long)size), (winner.NewVersion, winner.GlobalPosition));
        Assert.Equal(size, await storeA.GetStreamVersionAsync(id, "Task"));
        Assert.Equal(size + 1, (await storeB.AppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Exact(size))).GlobalPosition);
    }

    [Fact]
    public async Task Concurrent_Any_appends_to_one_stream_all_succeed_and_lose_no_event()
    {
        var (a, b, otherSource) = await TwoServersAsync();
        await using var _ = otherSource;
        await using var storeA = a;
        await using var storeB = b;
        var id = Guid.NewGuid();

        var batches = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            for (var i = 0; i < 10; i++)
            {
                var batch = Enumerable.Range(0, 1 + ((w + i) % 3)).Select(_ => (DomainEvent)new TaskReassigned { NewAssignee = Guid.NewGuid() }).ToList();
                var result = await (w % 2 == 0 ? storeA : storeB).AppendEventsAsync(id, "Task", batch, ExpectedVersion.Any);
                Assert.True(result.Success);
                mine.AddRange(batch.Select(e => e.EventId));
            }

            return mine;
        })));

        var stream = await storeA.ReadStreamAsync(StreamKey.Format(id, "Task")).ToListAsync();
        var total = batches.Sum(m => m.Count);
        Assert.Equal(total, await storeB.GetStreamVersionAsync(id, "Task"));
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), stream.Select(e => e.StreamPosition));
        Assert.True(batches.SelectMany(m => m).ToHashSet().SetEquals(stream.Select(e => e.EventId)));
        foreach (var mine in batches)
        {
            Assert.Equal(mine, stream.Select(e => e.EventId).Where(mine.Contains));
        }
    }

    // One schema seen through two data sources (two connection pools), as two application servers would.
    private async Task<(PostgresEventStore A, PostgresEventStore B, Npgsql.NpgsqlDataSource Other)> TwoServersAsync()
    {
        var schema = fixture.NewSchema();
        var other = await PostgresFixture.NewDataSourceAsync();
        return (await PostgresFixture.CreateStoreAsync(new() { Schema = schema }),
                await PostgresFixture.CreateStoreAsync(new() { Schema = schema }, other), other);
    }

    // A writer: 30 appends of 1–12 events; every third to the hot stream (Any), the rest to new streams or its own (Exact).
    private static async Task<List<Guid>> WriteAsync(PostgresEventStore store, int writer, Guid hot)
    {
        var random = new Random(writer);
        var own = Guid.NewGuid();
        long ownVersion = 0;
        var written = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            var batch = Enumerable.Range(0, random.Next(1, 13)).Select(_ => (DomainEvent)new TaskCreated { Title = $"w{writer}" }).ToList();
            switch (i % 3)
            {
                case 0:
                    await store.AppendEventsAsync(hot, "Task", batch, ExpectedVersion.Any);
                    break;
                case 1:
                    await store.AppendEventsAsync(Guid.NewGuid(), "Task", batch, ExpectedVersion.NoStream);
                    break;
                default:
                    ownVersion = (await store.AppendEventsAsync(own, "Task", batch, ExpectedVersion.Exact(ownVersion))).NewVersion;
                    break;
            }

            written.AddRange(batch.Select(e => e.EventId));
        }

        return written;
    }

    private static Tail TailAsync(IEventStore store, CancellationToken stop)
    {
        var tail = new Tail();
        tail.Run = Task.Run(async () =>
        {
            var random = new Random(42);
            long checkpoint = 0;
            while (!stop.IsCancellationRequested)
            {
                var page = await store.ReadAllAsync(new() { FromPosition = checkpoint, Limit = random.Next(1, 64) }).ToListAsync();
                foreach (var e in page)
                {
                    Assert.True(e.GlobalPosition > checkpoint, $"position {e.GlobalPosition} after checkpoint {checkpoint}");
                    checkpoint = e.GlobalPosition;
                    tail.Add(e);
                }

                if (page.Count == 0)
                {
                    await Task.Delay(2);
                }
            }
        });
        return tail;
    }

    private sealed class Tail
    {
        private readonly List<StoredEvent> _seen = [];

        public Task Run { get; set; } = Task.CompletedTask;

        public void Add(StoredEvent e)
        {
            lock (_seen)
            {
                _seen.Add(e);
            }
        }

        public async Task WaitForCountAsync(int count, TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            while (Seen().Count < count && !Run.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }

        public List<StoredEvent> Seen()
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }
}
