// SPEC §4 on PostgreSQL, deterministically: a held write transaction hides later commits from the feed, never loses them.
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresFeedTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Feed_hides_a_later_commit_while_an_earlier_write_is_open_then_returns_both_in_position_order()
    {
        var schema = fixture.NewSchema();
        var hold = new Hold();
        await using var held = await PostgresFixture.CreateStoreAsync(new() { Schema = schema, AfterInsert = hold.Run });
        await using var free = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        var earlier = await free.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated { Title = "seen before" }], ExpectedVersion.NoStream);
        var checkpoint = (await free.ReadAllAsync().ToListAsync()).Last().GlobalPosition;
        Assert.Equal(earlier.GlobalPosition, checkpoint);

        var first = new TaskCreated { Title = "first" };
        var firstAppend = held.AppendEventsAsync(Guid.NewGuid(), "Task", [first], ExpectedVersion.NoStream);
        await hold.Inserted.WaitAsync(Patience);
        var second = new TaskCreated { Title = "second" };
        var secondStream = Guid.NewGuid();
        var secondResult = await free.AppendEventsAsync(secondStream, "Task", [second], ExpectedVersion.NoStream).WaitAsync(Patience);

        // The later append has committed: every read but the feed sees it at once (read-your-writes)...
        Assert.True(await free.EventExistsAsync(second.EventId));
        Assert.Equal(1, await free.GetStreamVersionAsync(secondStream, "Task"));
        Assert.Equal(second.EventId, Assert.Single(await free.ReadStreamAsync(StreamKey.Format(secondStream, "Task")).ToListAsync()).EventId);
        // ...but the feed stops before the open transaction's position: a consumer advancing its checkpoint past the
        // second event now would skip the first one for ever.
        Assert.Empty(await free.ReadAllAsync(new() { FromPosition = checkpoint }).ToListAsync());
        Assert.Empty(await free.ReadAllAsync(new() { FromPosition = checkpoint, Direction = ReadDirection.Backward }).ToListAsync());
        Assert.Equal(checkpoint, await free.GetGlobalPositionAsync());

        hold.Release();
        var firstResult = await firstAppend.WaitAsync(Patience);

        Assert.Equal(1, held.Appends.AssumedWrites); // the held append took the one-round-trip path, hook and all
        Assert.True(firstResult.GlobalPosition < secondResult.GlobalPosition, "positions follow the order the inserts ran in");
        var feed = await free.ReadAllAsync(new() { FromPosition = checkpoint }).ToListAsync();
        Assert.Equal([first.EventId, second.EventId], feed.Select(e => e.EventId));
        Assert.Equal([firstResult.GlobalPosition, secondResult.GlobalPosition], feed.Select(e => e.GlobalPosition));
        Assert.Equal(secondResult.GlobalPosition, await free.GetGlobalPositionAsync());
    }

    [Fact]
    public async Task Append_aborted_after_its_insert_leaves_nothing_visible_and_the_store_keeps_working()
    {
        var schema = fixture.NewSchema();
        await using var failing = await PostgresFixture.CreateStoreAsync(new()
        {
            Schema = schema,
            AfterInsert = _ => throw new InvalidOperationException("the application crashed before COMMIT"),
        });
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        var id = Guid.NewGuid();
        var lost = new TaskCreated { Title = "rolled back" };

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.AppendEventsAsync(id, "Task", [lost, new TaskCompleted()], ExpectedVersion.NoStream));

        await AssertNothingVisibleAsync(store, id, lost.EventId);
        // The aborted transaction burned its positions (a gap) and nothing else: the same id and stream are still free.
        var retried = await store.AppendEventsAsync(id, "Task", [lost], ExpectedVersion.NoStream);
        Assert.Equal(1, retried.NewVersion);
        Assert.True(retried.GlobalPosition > 2, $"positions 1 and 2 were drawn by the aborted append; got {retried.GlobalPosition}");
        Assert.Equal([lost.EventId], (await store.ReadAllAsync().ToListAsync()).Select(e => e.EventId));
    }

    [Fact]
    public async Task Append_cancelled_before_commit_leaves_nothing_visible()
    {
        var schema = fixture.NewSchema();
        var hold = new Hold();
        await using var held = await PostgresFixture.CreateStoreAsync(new() { Schema = schema, AfterInsert = hold.Run });
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        using var cancel = new CancellationTokenSource();
        var id = Guid.NewGuid();
        var lost = new TaskCreated();

        var append = held.AppendEventsAsync(id, "Task", [lost], ExpectedVersion.NoStream, cancel.Token);
        await hold.Inserted.WaitAsync(Patience);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => append.WaitAsync(Patience));
        await AssertNothingVisibleAsync(store, id, lost.EventId);
        Assert.Equal(1, (await store.AppendEventsAsync(id, "Task", [lost], ExpectedVersion.NoStream)).NewVersion);
    }

    [Fact]
    public async Task Same_event_id_raced_into_two_streams_gives_one_DuplicateEventException_and_releases_the_feed_lock()
    {
        var schema = fixture.NewSchema();
        var hold = new Hold();
        await using var other = await PostgresFixture.NewDataSourceAsync();
        await using var held = await PostgresFixture.CreateStoreAsync(new() { Schema = schema, AfterInsert = hold.Run });
        await using var racer = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        await using var bystander = await PostgresFixture.CreateStoreAsync(new() { Schema = schema }, other);
        var shared = new TaskCreated { Title = "one id, two streams" };
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        var first = held.AppendEventsAsync(a, "Task", [shared], ExpectedVersion.NoStream);
        await hold.Inserted.WaitAsync(Patience);
        // The racer's facts cannot see the uncommitted id, so its INSERT waits on the unique index inside the critical
        // section; when the first commits it gets a unique violation, and deciding again yields the core's verdict.
        var second = racer.AppendEventsAsync(b, "Task", [shared], ExpectedVersion.NoStream);
        await Task.Delay(300);
        hold.Release();
        await first.WaitAsync(Patience);
        var duplicate = await Assert.ThrowsAsync<DuplicateEventException>(() => second.WaitAsync(Patience));

        Assert.Equal(StreamKey.Format(a, "Task"), duplicate.ExistingStreamId);
        Assert.Equal(0, await racer.GetStreamVersionAsync(b, "Task"));
        // Were the racer's session lock leaked with its pooled connection, this append from another pool would hang.
        await bystander.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream).WaitAsync(Patience);
        Assert.Equal(2, (await bystander.ReadAllAsync().ToListAsync()).Count);
    }

    [Fact]
    public async Task Append_cancelled_while_waiting_inside_the_critical_section_releases_the_feed_lock()
    {
        var schema = fixture.NewSchema();
        var hold = new Hold();
        await using var other = await PostgresFixture.NewDataSourceAsync();
        await using var held = await PostgresFixture.CreateStoreAsync(new() { Schema = schema, AfterInsert = hold.Run });
        await using var racer = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        await using var bystander = await PostgresFixture.CreateStoreAsync(new() { Schema = schema }, other);
        var shared = new TaskCreated();
        using var cancel = new CancellationTokenSource();

        var first = held.AppendEventsAsync(Guid.NewGuid(), "Task", [shared], ExpectedVersion.NoStream);
        await hold.Inserted.WaitAsync(Patience);
        var blocked = racer.AppendEventsAsync(Guid.NewGuid(), "Task", [shared], ExpectedVersion.NoStream, cancel.Token);
        await Task.Delay(300);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WaitAsync(Patience));

        // The first transaction is still open; the feed lock must be free again for everyone else.
        await bystander.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream).WaitAsync(Patience);
        hold.Release();
        await first.WaitAsync(Patience);
        Assert.Equal(2, (await bystander.ReadAllAsync().ToListAsync()).Count);
    }

    private static async Task AssertNothingVisibleAsync(PostgresEventStore store, Guid aggregateId, Guid eventId)
    {
        Assert.False(await store.EventExistsAsync(eventId));
        Assert.Equal(0, await store.GetStreamVersionAsync(aggregateId, "Task"));
        Assert.True((await store.GetEventsAsync(aggregateId, "Task")).IsEmpty);
        Assert.Empty(await store.ReadAllAsync().ToListAsync());
        Assert.Equal(0, await store.GetGlobalPositionAsync());
    }

    /// <summary>An AfterInsert hook that holds the transaction open until released (or cancelled).</summary>
    private sealed class Hold
    {
        private readonly TaskCompletionSource _inserted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Inserted => _inserted.Task;

        public async Task Run(CancellationToken ct)
        {
            _inserted.TrySetResult();
            await _release.Task.WaitAsync(ct);
        }

        public void Release() => _release.TrySetResult();
    }
}
