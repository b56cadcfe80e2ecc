// The read's decode-ahead on PostgreSQL: order kept across chunks and pages, a bad payload ends the read at its row,
// and stopping early or cancelling gives every connection back.
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresDecodeAheadTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 3)]
    [InlineData(10_000, 256)]
    public async Task Long_reads_return_every_event_once_in_position_order_whatever_the_page_and_chunk(int pageSize, int chunkRows)
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), ReadPageSize = pageSize, ReadChunkRows = chunkRows });
        var stream = Guid.NewGuid();
        var appended = new List<Guid>();
        for (var batch = 0; batch < 3; batch++)
        {
            var events = Enumerable.Range(0, 700).Select(i => new TaskCreated { Title = $"{batch}/{i}" }).ToArray();
            await store.AppendEventsAsync(stream, "Task", events, ExpectedVersion.Any);
            appended.AddRange(events.Select(e => e.EventId));
        }

        var all = await store.ReadAllAsync().ToListAsync();
        Assert.Equal(appended, all.Select(e => e.EventId));
        Assert.Equal(Enumerable.Range(1, 2100).Select(i => (long)i), all.Select(e => e.StreamPosition));
        Assert.All(all, e => Assert.Equal(StreamKey.Format(stream, "Task"), e.StreamId));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.Item1.GlobalPosition < p.Item2.GlobalPosition));
        var from = await store.ReadAllAsync(new() { FromPosition = all[700].GlobalPosition, Limit = 1200 }).ToListAsync();
        Assert.Equal(all.Skip(701).Take(1200).Select(e => e.EventId), from.Select(e => e.EventId));
        var feedBackward = await store.ReadAllAsync(new() { Direction = ReadDirection.Backward, Limit = 1999 }).ToListAsync();
        Assert.Equal(all.AsEnumerable().Reverse().Take(1999).Select(e => e.EventId), feedBackward.Select(e => e.EventId));

        var backward = await store.ReadStreamAsync(StreamKey.Format(stream, "Task"), new() { Direction = ReadDirection.Backward, Limit = 1500 }).ToListAsync();
        Assert.Equal(Enumerable.Range(601, 1500).Reverse().Select(i => (long)i), backward.Select(e => e.StreamPosition));
        Assert.Equal(appended.Skip(600).Reverse(), backward.Select(e => e.EventId));
        Assert.Equal(appended, (await store.GetEventsAsync(stream, "Task")).Events.Select(e => e.EventId));
    }

    // 2000 readable events and one unreadable between them, at `bad` (0-based). Pages of 500 rows; chunks from row 500 on
    // (the first statement decodes row by row): the bad row falls at the start of a chunk, inside one, in a full chunk
    // near the end, in the last, partial chunk, and in the first statement.
    [Theory]
    [InlineData(2, 1100)]
    [InlineData(7, 1100)]
    [InlineData(256, 1100)]
    [InlineData(256, 1600)]
    [InlineData(256, 1990)]
    [InlineData(256, 300)]
    public async Task A_payload_that_cannot_be_decoded_ends_the_read_at_its_row_after_every_event_before_it(int chunkRows, int bad)
    {
        var schema = fixture.NewSchema();
        await using var writer = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        var tasks = Guid.NewGuid();
        var before = Enumerable.Range(0, bad).Select(i => new TaskCreated { Title = $"before {i}" }).ToArray();
        await writer.AppendEventsAsync(tasks, "Task", before, ExpectedVersion.NoStream);
        await writer.AppendEventsAsync(Guid.NewGuid(), "Account", [new Deposited(1m, "EUR")], ExpectedVersion.NoStream);
        await writer.AppendEventsAsync(tasks, "Task", [.. Enumerable.Range(0, 2000 - bad).Select(i => new TaskCreated { Title = $"after {i}" })], ExpectedVersion.Any);

        // A store that knows only the task events: the deposit's row is unreadable to it.
        await using var reader = await PostgresFixture.CreateStoreAsync(new() { Schema = schema, Registry = TestEvents.TaskRegistry(), ReadPageSize = 500, ReadChunkRows = chunkRows });
        var seen = new List<Guid>();
        var ex = await Assert.ThrowsAsync<EventTypeNotRegisteredException>(async () =>
        {
            await foreach (var e in reader.ReadAllAsync())
            {
                seen.Add(e.EventId);
            }
        });
        Assert.Equal("Deposited", ex.EventType);
        Assert.Equal(before.Select(e => e.EventId), seen);

        // The task stream itself reads whole, and so does the feed after the bad row.
        Assert.Equal(2000, await reader.ReadStreamAsync(StreamKey.Format(tasks, "Task")).CountAsync());
        var checkpoint = (await writer.ReadAllAsync().ToListAsync())[bad].GlobalPosition;
        Assert.Equal(2000 - bad, await reader.ReadAllAsync(new() { FromPosition = checkpoint }).CountAsync());
    }

    [Fact]
    public async Task Stopping_early_or_cancelling_mid_read_gives_every_connection_back()
    {
        // Two connections and a short timeout: a read that kept its connection would fail the next reads fast.
        var pooled = new NpgsqlConnectionStringBuilder((await PostgresFixture.DataSourceAsync()).ConnectionString) { MaxPoolSize = 2, Timeout = 5 };
        await using var dataSource = NpgsqlDataSource.Create(pooled.ConnectionString);
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), ReadPageSize = 50, ReadChunkRows = 4 }, dataSource);
        var stream = Guid.NewGuid();
        await store.AppendEventsAsync(stream, "Task", [.. Enumerable.Range(0, 400).Select(i => new TaskCreated { Title = $"{i}" })], ExpectedVersion.NoStream);

        for (var round = 0; round < 12; round++)
        {
            var stopAt = round * 31 % 400;
            var read = 0;
            await foreach (var e in store.ReadAllAsync())
            {
                if (read++ == stopAt)
                {
                    break;
                }
            }

            Assert.Equal(stopAt + 1, read);

            using var cts = new CancellationTokenSource();
            var beforeCancel = 0;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var e in store.ReadStreamAsync(StreamKey.Format(stream, "Task"), ct: cts.Token))
                {
                    if (++beforeCancel == stopAt + 1)
                    {
                        await cts.CancelAsync();
                    }
                }
            });
            Assert.Equal(stopAt + 1, beforeCancel);
        }

        Assert.Equal(400, await store.ReadAllAsync().CountAsync());
    }

    [Fact]
    public async Task Disposing_a_read_waits_for_the_decodes_it_started()
    {
        var registry = TestEvents.NewRegistry().Register<GatedEvent>();
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), Registry = registry, ReadPageSize = 3, ReadChunkRows = 2 });
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [.. Enumerable.Range(0, 20).Select(i => new GatedEvent { Title = $"{i}" })], ExpectedVersion.NoStream);

        // The first statement's 3 events decode row by row, the first chunk's 2 on the pool; the decode of every later
        // event waits. The gate goes by the event's title, not by how many decodes passed it: chunks started together
        // may run in any order on the pool, and a later chunk passing first would leave the first chunk's events waiting.
        // Each waiting decode blocks a thread-pool thread, and up to 4 chunks decode ahead: with the pool's minimum at
        // the core count (2 here) and the rest of the suite running alongside, the first chunk's decode and the read's
        // own continuations could wait for the pool to inject threads. Enough threads for the test's own blocking:
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);
        using var restore = new Restore(() => ThreadPool.SetMinThreads(workers, io));
        using var gate = GatedEvent.Arm(passing: 5);
        var reader = store.ReadAllAsync().GetAsyncEnumerator();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await reader.MoveNextAsync());
        }

        Assert.Equal("3", Assert.IsType<GatedEvent>(reader.Current.Event).Title);
        var disposal = reader.DisposeAsync().AsTask();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (gate.Waiting == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await Task.Delay(200); // the disposal has had time to complete, if it did not wait
        Assert.True(gate.Waiting > 0, "no decode was waiting at the gate");
        Assert.False(disposal.IsCompleted, "the read's disposal completed while a decode it started was still running");
        gate.Open();
        await disposal.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

/// <summary>Runs an action on disposal.</summary>
internal sealed class Restore(Action undo) : IDisposable
{
    public void Dispose() => undo();
}

/// <summary>An event whose decoding can be held: once armed, decoding an event titled with a number from the passing count up waits until the gate opens.</summary>
[EventType("GatedEvent")]
public sealed record GatedEvent : DomainEvent
{
    private static Gate? _armed;
    private readonly string _title = "";

    public string Title
    {
        get => _title;
        init
        {
            _armed?.Pass(value);
            _title = value;
        }
    }

    public static Gate Arm(int passing) => _armed = new Gate(passing);

    // Events titled "0" … passing − 1 pass; every other decode waits.
    public sealed class Gate(int passing) : IDisposable
    {
        private readonly ManualResetEventSlim _open = new();
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public void Open() => _open.Set();

        public void Pass(string title)
        {
            if (int.TryParse(title, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0 && n < passing)
            {
                return;
            }

            Interlocked.Increment(ref _waiting);
            _open.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref _waiting);
        }

        public void Dispose()
        {
            _armed = null;
            _open.Set();
        }
    }
}
