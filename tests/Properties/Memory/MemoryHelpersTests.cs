// The in-memory store's own helpers (SPEC §2): GetAllEventsAsync, GetEventCountAsync, GetAggregateIdsAsync, ClearAsync, the clock.
using EventStore.Functional.Memory;
using EventStore.Functional.Tests.Conformance;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Memory;

public sealed class MemoryHelpersTests : IAsyncLifetime
{
    private readonly InMemoryEventStore _store = new(TestEvents.NewRegistry());

    public Task InitializeAsync() => _store.InitializeAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task An_empty_store_has_no_events_and_no_aggregates()
    {
        Assert.Empty(await _store.GetAllEventsAsync());
        Assert.Equal(0, await _store.GetEventCountAsync());
        Assert.Empty(await _store.GetAggregateIdsAsync());
    }

    [Fact]
    public async Task GetAllEvents_returns_the_stored_copies_of_every_stream_in_global_order()
    {
        var (t1, t2, acc) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var a = new TaskCreated { Title = "a" };
        var b = new Deposited(1m, "EUR");
        var c = new TaskCreated { Title = "c" };
        var d = new TaskCompleted();
        await _store.AppendEventsAsync(t1, "Task", [a], ExpectedVersion.NoStream);
        await _store.AppendEventsAsync(acc, "Account", [b], ExpectedVersion.NoStream);
        await _store.AppendEventsAsync(t2, "Task", [c], ExpectedVersion.NoStream);
        await _store.AppendEventsAsync(t1, "Task", [d], ExpectedVersion.Exact(1));

        var all = await _store.GetAllEventsAsync();

        Assert.Equal([a.EventId, b.EventId, c.EventId, d.EventId], all.Select(e => e.EventId));
        EventAssert.Same(EventAssert.StoredCopy(b, acc, "Account", 1), all[1]);
        EventAssert.Same(EventAssert.StoredCopy(d, t1, "Task", 2), all[3]);
        Assert.Equal((await CollectAsync(_store.ReadAllAsync())).Select(e => e.EventId), all.Select(e => e.EventId));
    }

    [Fact]
    public async Task GetEventCount_counts_stored_events_only()
    {
        var id = Guid.NewGuid();
        var created = new TaskCreated();
        await _store.AppendEventsAsync(id, "Task", [created, new TaskCompleted(), created], ExpectedVersion.NoStream);
        await _store.AppendEventsAsync(id, "Task", [created], ExpectedVersion.Any);
        await _store.TryAppendEventsAsync(id, "Task", [new TaskRenamed()], ExpectedVersion.NoStream);
        await Assert.ThrowsAsync<DuplicateEventException>(() => _store.AppendEventsAsync(Guid.NewGuid(), "Task", [created], ExpectedVersion.Any));

        Assert.Equal(2, await _store.GetEventCountAsync());
        Assert.Equal(await _store.GetGlobalPositionAsync(), await _store.GetEventCountAsync());
    }

    [Fact]
    public async Task GetAggregateIds_lists_each_aggregate_once_in_order_of_first_append()
    {
        var (x, y, z) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await _store.AppendEventsAsync(y, "Task", [new TaskCreated()], ExpectedVersion.Any);
        await _store.AppendEventsAsync(x, "Task", [new TaskCreated()], ExpectedVersion.Any);
        await _store.AppendEventsAsync(y, "Task", [new TaskCompleted()], ExpectedVersion.Any);
        await _store.AppendEventsAsync(x, "Account", [new Deposited(1m, "EUR")], ExpectedVersion.Any);
        await _store.AppendEventsAsync(z, "Account", [new Deposited(1m, "EUR")], ExpectedVersion.Any);

        Assert.Equal([y, x, z], await _store.GetAggregateIdsAsync());
    }

    [Fact]
    public async Task Clear_empties_the_store_and_positions_restart_at_1()
    {
        var id = Guid.NewGuid();
        var created = new TaskCreated();
        await _store.AppendEventsAsync(id, "Task", [created, new TaskCompleted()], ExpectedVersion.NoStream);
        await _store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);

        await _store.ClearAsync();

        Assert.Equal(0, await _store.GetEventCountAsync());
        Assert.Empty(await _store.GetAllEventsAsync());
        Assert.Empty(await _store.GetAggregateIdsAsync());
        Assert.Equal(0, await _store.GetGlobalPositionAsync());
        Assert.Equal(0, await _store.GetStreamVersionAsync(id, "Task"));
        Assert.False(await _store.EventExistsAsync(created.EventId));
        Assert.Empty(await CollectAsync(_store.ReadAllAsync()));

        var again = await _store.AppendEventsAsync(Guid.NewGuid(), "Task", [created], ExpectedVersion.NoStream);
        Assert.Equal((1L, 1L), (again.NewVersion, again.GlobalPosition));
        Assert.Empty(again.SkippedEventIds);
        var restarted = await _store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        Assert.Equal((1L, 2L), (restarted.NewVersion, restarted.GlobalPosition));
    }

    [Fact]
    public async Task The_tutorial_s_testing_helpers_snippet_holds()
    {
        var (t1, t2) = (Guid.NewGuid(), Guid.NewGuid());
        await _store.AppendEventsAsync(t1, "Task", [new TaskCreated(), new TaskCompleted(), new TaskRenamed()], ExpectedVersion.NoStream);
        await _store.AppendEventsAsync(t2, "Task", [new TaskCreated(), new TaskCompleted()], ExpectedVersion.NoStream);

        Assert.Equal(5, (await _store.GetAllEventsAsync()).Count);
        Assert.Equal(5, await _store.GetEventCountAsync());
        Assert.Equal(2, (await _store.GetAggregateIdsAsync()).Count);
        await _store.ClearAsync();
        Assert.Equal(0, await _store.GetEventCountAsync());
    }

    [Fact]
    public async Task The_helpers_of_a_disposed_store_throw_EventStoreClosedException()
    {
        var store = new InMemoryEventStore(TestEvents.NewRegistry());
        await store.DisposeAsync();

        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetAllEventsAsync());
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetEventCountAsync());
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.GetAggregateIdsAsync());
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.ClearAsync());
    }

    [Fact]
    public async Task The_helpers_honour_a_cancelled_token_and_Clear_then_changes_nothing()
    {
        await _store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.Any);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.GetAllEventsAsync(cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.GetEventCountAsync(cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.GetAggregateIdsAsync(cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.ClearAsync(cts.Token));

        Assert.Equal(1, await _store.GetEventCountAsync());
    }

    [Fact]
    public async Task StoredAt_comes_from_the_store_s_clock_truncated_to_microseconds()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        var store = new InMemoryEventStore(TestEvents.NewRegistry(), new FixedClock(now));
        await using (store)
        {
            await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated(), new TaskCompleted()], ExpectedVersion.NoStream);

            var feed = await CollectAsync(store.ReadAllAsync());

            Assert.All(feed, e => Assert.Equal(Time.Normalize(now), e.StoredAt));
            Assert.All(feed, e => Assert.Equal(TimeSpan.Zero, e.StoredAt.Offset));
            Assert.Equal(now.UtcTicks - 7, feed[0].StoredAt.UtcTicks);
        }
    }

    [Fact]
    public async Task A_store_without_a_registry_uses_the_default_registry()
    {
        await using var store = new InMemoryEventStore();

        Assert.Same(EventRegistry.Default, store.Registry);
        Assert.Same(EventRegistry.Default, new InMemoryEventStore(null, TimeProvider.System).Registry);
        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [new NotRegistered()], ExpectedVersion.Any));
    }

    [Fact]
    public void A_null_clock_is_rejected() =>
        Assert.Throws<ArgumentNullException>(() => new InMemoryEventStore(null, null!));

    private static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }

    [Fact]
    public async Task A_clear_during_an_append_is_never_undone_by_that_append()
    {
        var clock = new HoldingClock();
        var store = new InMemoryEventStore(TestEvents.NewRegistry(), clock);
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated { Title = "old" }], ExpectedVersion.NoStream);

        // The append reads the store's value, then the clock, then publishes: hold it at the clock, and clear meanwhile.
        clock.HoldNext();
        var append = Task.Run(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated { Title = "new" }], ExpectedVersion.NoStream));
        await clock.Holding.WaitAsync(TimeSpan.FromSeconds(30));
        var clear = Task.Run(() => store.ClearAsync());
        await Task.WhenAny(clear, Task.Delay(200));
        clock.Release();
        await append;
        await clear;

        // Either the append came first and was cleared, or the clear came first; never the old event back.
        var left = await store.GetAllEventsAsync();
        Assert.DoesNotContain(left, e => e is TaskCreated { Title: "old" });
        Assert.True(left.Count == 0 || (left.Count == 1 && await store.GetGlobalPositionAsync() == 1), $"{left.Count} events after the clear");
    }

    /// <summary>A clock whose next reading, once asked for, waits until released.</summary>
    private sealed class HoldingClock : TimeProvider
    {
        private readonly ManualResetEventSlim _released = new(initialState: true);
        private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _hold;

        public Task Holding => _holding.Task;

        public void HoldNext()
        {
            _released.Reset();
            Volatile.Write(ref _hold, 1);
        }

        public void Release() => _released.Set();

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Exchange(ref _hold, 0) == 1)
            {
                _holding.TrySetResult();
                _released.Wait(TimeSpan.FromSeconds(30));
            }

            return base.GetUtcNow();
        }
    }
}
