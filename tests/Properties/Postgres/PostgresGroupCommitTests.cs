// Group commit on PostgreSQL: appends that wait for a writer are written together, each with the verdict the model gives it alone.
using EventStore.Functional.Memory;
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using LanguageExt;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresGroupCommitTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly Guid X = Guid.NewGuid();
    private static readonly Guid Y = Guid.NewGuid();
    private static readonly Guid Z = Guid.NewGuid();

    private static readonly AsyncLocal<string?> Caller = new();

    [Fact]
    public async Task Appends_waiting_behind_a_held_one_are_written_as_one_group_with_the_verdicts_the_model_gives_them_in_turn()
    {
        var hooks = new Hooks(hold: 1);
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), MaxConcurrentAppends = 1, AfterInsert = hooks.Run });
        var calls = Script();

        var outcomes = await RunBehindHeldAsync(store, hooks, calls);

        var model = await ModelAsync(calls);
        Assert.Equal(model.Outcomes, outcomes);
        Assert.Null(store.Appends.LastFallbackCause);
        Assert.Equal((1L, 0L), (store.Appends.Groups, store.Appends.GroupFallbacks)); // the last call overlapped: alone, after
        Assert.Equal(model.Feed.Select(e => Row(e, true)), (await store.ReadAllAsync().ToListAsync()).Select(e => Row(e, true)));
    }

    [Fact]
    public async Task A_group_of_one_written_event_and_a_conflicting_member_checks_every_id_of_the_group()
    {
        // Two NoStream appends to one new stream wait behind a held one; the second's event id is stored in another
        // stream. On assumed facts only the first member writes (one event) and the second conflicts, but alone the second
        // would be refused as a duplicate: the group's check must cover the second member's id too (review finding).
        var hooks = new Hooks(hold: 1);
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), MaxConcurrentAppends = 1, AfterInsert = hooks.Run });
        var stored = new TaskCreated { Title = "in Z" };
        var a = Guid.NewGuid();
        Call[] calls =
        [
            new Call(Z, [stored], ExpectedVersion.NoStream),
            new Call(X, [new TaskCreated { Title = "held" }], ExpectedVersion.NoStream),
            new Call(a, [new TaskCreated()], ExpectedVersion.NoStream),
            new Call(a, [stored], ExpectedVersion.NoStream),
        ];

        var outcomes = await RunBehindHeldAsync(store, hooks, calls);

        var model = await ModelAsync(calls);
        Assert.Equal(model.Outcomes, outcomes);
        Assert.Equal((1L, 0L), (store.Appends.Groups, store.Appends.GroupFallbacks));
        Assert.Equal(model.Feed.Select(e => Row(e, true)), (await store.ReadAllAsync().ToListAsync()).Select(e => Row(e, true)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_group_whose_streams_first_appends_are_exact_is_written_in_one_statement_or_refuted_and_decided_on_loaded_facts(bool refuted)
    {
        var hooks = new Hooks(hold: 1);
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), MaxConcurrentAppends = 1, AfterInsert = hooks.Run });
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        Call[] calls =
        [
            new Call(Z, [new TaskCreated { Title = "in Z" }], ExpectedVersion.NoStream),
            new Call(X, [new TaskCreated { Title = "held" }], ExpectedVersion.NoStream),
            new Call(a, [new TaskCreated()], ExpectedVersion.NoStream),
            new Call(a, [new TaskCompleted(), new TaskReassigned()], ExpectedVersion.Exact(1)),
            new Call(b, [new TaskCreated()], ExpectedVersion.NoStream),
            new Call(a, [new TaskCompleted()], ExpectedVersion.Exact(1)), // stale after the member before: a conflict
            new Call(refuted ? X : Y, [new TaskCreated { Title = "last" }], ExpectedVersion.NoStream), // X exists once the held append commits
        ];

        var outcomes = await RunBehindHeldAsync(store, hooks, calls);

        var model = await ModelAsync(calls);
        Assert.Equal(model.Outcomes, outcomes);
        Assert.Equal(refuted ? (0L, 1L) : (1L, 0L), (store.Appends.AssumedGroups, store.Appends.RefutedGroups));
        Assert.Equal((1L, 0L), (store.Appends.Groups, store.Appends.GroupFallbacks));
        Assert.Equal(model.Feed.Select(e => Row(e, true)), (await store.ReadAllAsync().ToListAsync()).Select(e => Row(e, true)));
    }

    [Fact]
    public async Task A_group_whose_transaction_fails_writes_nothing_and_each_member_is_appended_again_in_group_order()
    {
        var hooks = new Hooks(hold: 1, fail: 2); // the held append's insert, then the group's insert fails before COMMIT
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), MaxConcurrentAppends = 1, AfterInsert = hooks.Run });
        var calls = Script();

        var outcomes = await RunBehindHeldAsync(store, hooks, calls);

        var model = await ModelAsync(calls);
        Assert.Equal(model.Outcomes.Select(WithoutGlobalPosition), outcomes.Select(WithoutGlobalPosition));
        Assert.Equal((0L, 1L), (store.Appends.Groups, store.Appends.GroupFallbacks));
        // The failed group drew positions and rolled back (a gap); the events are the model's, in its order.
        var feed = await store.ReadAllAsync().ToListAsync();
        Assert.Equal(model.Feed.Select(e => Row(e, false)), feed.Select(e => Row(e, false)));
        Assert.True(feed[^1].GlobalPosition > model.Feed[^1].GlobalPosition, "the rolled-back group's positions are a gap");
    }

    [Fact]
    public async Task A_waiting_append_whose_caller_cancels_is_withdrawn_and_never_written()
    {
        var hooks = new Hooks(hold: 1);
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), MaxConcurrentAppends = 1, AfterInsert = hooks.Run });
        hooks.Arm();
        var held = store.AppendEventsAsync(X, "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        await hooks.Held.WaitAsync(Patience);
        using var cts = new CancellationTokenSource();
        var withdrawn = new TaskCreated { Title = "withdrawn" };
        var cancelled = store.AppendEventsAsync(Y, "Task", [withdrawn], ExpectedVersion.NoStream, cts.Token);
        Assert.Equal(1, store.WaitingAppends);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        Assert.Equal(0, store.WaitingAppends);
        hooks.Release();
        await held.WaitAsync(Patience);

        Assert.False(await store.EventExistsAsync(withdrawn.EventId));
        Assert.Equal(0, await store.GetStreamVersionAsync(Y, "Task"));
        Assert.Equal(1, await store.GetGlobalPositionAsync());
    }

    [Fact]
    public async Task Sixteen_writers_on_one_hot_stream_and_on_new_streams_lose_nothing_and_leave_dense_stream_positions()
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), MaxConcurrentAppends = 2 });
        var hot = Guid.NewGuid();
        var written = new System.Collections.Concurrent.ConcurrentBag<(Guid Stream, Guid Event, AppendResult Result)>();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var (stream, expected) = i % 3 == 0 ? (Guid.NewGuid(), ExpectedVersion.NoStream) : (hot, ExpectedVersion.Any);
                var e = new TaskCreated { Title = $"{w}/{i}" };
                written.Add((stream, e.EventId, await store.AppendEventsAsync(stream, "Task", [e], expected)));
            }
        })));

        var feed = await store.ReadAllAsync().ToListAsync();
        Assert.Equal(written.Select(w => w.Event).Order(), feed.Select(e => e.EventId).Order());
        Assert.Equal(feed.Select(e => e.GlobalPosition).Order(), feed.Select(e => e.GlobalPosition)); // the feed's order
        var hotEvents = feed.Where(e => e.AggregateId == hot).ToList();
        Assert.Equal(Enumerable.Range(1, 160).Select(n => (long)n), hotEvents.Select(e => e.StreamPosition));
        Assert.Equal(160, await store.GetStreamVersionAsync(hot, "Task"));
        // Each caller got the numbers its events were stored at.
        var byId = feed.ToDictionary(e => e.EventId);
        Assert.All(written, w => Assert.Equal((byId[w.Event].StreamPosition, byId[w.Event].GlobalPosition), (w.Result.NewVersion, w.Result.GlobalPosition)));
        Assert.True(store.Appends.Groups > 0, "16 writers over 2 transactions left appends waiting, which go in groups");
    }

    [Fact]
    public async Task A_group_runs_in_its_own_execution_context_not_in_that_of_the_caller_whose_append_finished_before_it()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        var hooks = new Hooks(hold: 1);
        await using var store = await PostgresFixture.CreateStoreAsync(new()
        {
            Schema = fixture.NewSchema(),
            MaxConcurrentAppends = 1,
            AfterInsert = ct =>
            {
                seen.Enqueue(Caller.Value);
                return hooks.Run(ct);
            },
        });
        hooks.Arm();
        var first = Task.Run(async () =>
        {
            Caller.Value = "A";
            await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        });
        await hooks.Held.WaitAsync(Patience);
        var others = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            Caller.Value = "B" + i;
            await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        })).ToArray();
        while (store.WaitingAppends < 2)
        {
            await Task.Delay(10);
        }

        hooks.Release();
        await Task.WhenAll(others.Append(first)).WaitAsync(Patience);

        Assert.Equal(["A", null], seen); // A's own append saw A's value; the group of B0 and B1 runs in no caller's context
        Assert.Equal(1, store.Appends.Groups);
    }

    [Fact]
    public async Task Disposing_the_store_waits_for_the_appends_it_accepted_and_then_refuses_new_ones()
    {
        var hooks = new Hooks(hold: 1);
        var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), MaxConcurrentAppends = 1, AfterInsert = hooks.Run });
        hooks.Arm();
        var held = store.AppendEventsAsync(X, "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        await hooks.Held.WaitAsync(Patience);
        var waiting = store.AppendEventsAsync(Y, "Task", [new TaskCreated()], ExpectedVersion.NoStream);

        var disposed = store.DisposeAsync().AsTask();
        await Task.Delay(200);
        Assert.False(disposed.IsCompleted, "disposal waits while an accepted append is still running or waiting");
        hooks.Release();
        await disposed.WaitAsync(Patience);

        Assert.Equal(1, (await held).NewVersion);
        Assert.Equal(1, (await waiting).NewVersion);
        await Assert.ThrowsAsync<EventStoreClosedException>(() => store.AppendEventsAsync(Z, "Task", [new TaskCreated()], ExpectedVersion.NoStream));
        await using var reopened = await PostgresFixture.CreateStoreAsync(new() { Schema = store.Schema });
        Assert.Equal(2, (await reopened.ReadAllAsync().ToListAsync()).Count);
    }

    [Fact]
    public void MaxConcurrentAppends_out_of_range_is_rejected_naming_the_value()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PostgresEventStore(Npgsql.NpgsqlDataSource.Create("Host=localhost"), new() { MaxConcurrentAppends = 0 }));
        Assert.Contains("MaxConcurrentAppends", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ex.ActualValue);
    }

    // Stored first: an event of stream Z. Then one append to X held open, and appends that wait behind it. In the model's
    // order: an Any after it, a stale Exact, an Exact with a repeated id, a retry of the held batch, an id stored in
    // another stream, a new stream, and a retry of the first waiting batch (its ids overlap an earlier member's, so it
    // waits for the next group).
    private static Call[] Script()
    {
        var (first, waitingAny, repeated) = (new TaskCreated { Title = "held" }, new TaskCreated { Title = "any" }, new TaskCreated { Title = "repeat" });
        var stored = new TaskCreated { AggregateId = Z, Title = "in Z" };
        return
        [
            new Call(Z, [stored], ExpectedVersion.NoStream),
            new Call(X, [first], ExpectedVersion.NoStream),
            new Call(X, [waitingAny], ExpectedVersion.Any),
            new Call(X, [new TaskCompleted()], ExpectedVersion.Exact(1)),
            new Call(X, [repeated, repeated], ExpectedVersion.Exact(2)),
            new Call(X, [first], ExpectedVersion.Exact(7)),
            new Call(Y, [stored with { AggregateId = Guid.Empty }], ExpectedVersion.NoStream),
            new Call(Y, [new TaskCreated { Title = "y" }], ExpectedVersion.NoStream),
            new Call(X, [waitingAny], ExpectedVersion.NoStream),
        ];
    }

    // The script's first call committed, its second held open by the hook, the rest waiting behind it in order.
    private static async Task<List<Outcome>> RunBehindHeldAsync(PostgresEventStore store, Hooks hooks, Call[] calls)
    {
        var outcomes = new List<Outcome> { await Outcome.OfAsync(store, calls[0]) };
        hooks.Arm();
        var tasks = new List<Task<Outcome>> { Outcome.OfAsync(store, calls[1]) };
        await hooks.Held.WaitAsync(Patience);
        foreach (var call in calls[2..])
        {
            tasks.Add(Outcome.OfAsync(store, call));
            Assert.Equal(tasks.Count - 1, store.WaitingAppends); // each waits, in this order
        }

        hooks.Release();
        outcomes.AddRange(await Task.WhenAll(tasks).WaitAsync(Patience));
        return outcomes;
    }

    private static async Task<(List<Outcome> Outcomes, List<StoredEvent> Feed)> ModelAsync(Call[] calls)
    {
        await using var model = new InMemoryEventStore(TestEvents.NewRegistry());
        var outcomes = new List<Outcome>();
        foreach (var call in calls)
        {
            outcomes.Add(await Outcome.OfAsync(model, call));
        }

        return (outcomes, await model.ReadAllAsync().ToListAsync());
    }

    private static object Row(StoredEvent e, bool positions) =>
        (e.EventId, e.StreamId, e.StreamPosition, positions ? e.GlobalPosition : 0L);

    private static Outcome WithoutGlobalPosition(Outcome o) => o.Result is { } r ? o with { Result = r with { GlobalPosition = 0 } } : o;

    private sealed record Call(Guid Stream, DomainEvent[] Events, ExpectedVersion Expected);

    // What a caller sees: the result (skipped ids as a list, for value equality) or the exception's type.
    private sealed record Outcome(Outcome.Numbers? Result, string? Conflict, string? Thrown)
    {
        public static async Task<Outcome> OfAsync(IEventStore store, Call call)
        {
            try
            {
                var result = await store.TryAppendEventsAsync(call.Stream, "Task", call.Events, call.Expected);
                return result.Match(
                    Right: r => new Outcome(new Numbers(r.NewVersion, r.GlobalPosition, string.Join(",", r.SkippedEventIds)), null, null),
                    Left: c => new Outcome(null, $"{c.ExpectedVersion.Value}/{c.ActualVersion}", null));
            }
            catch (EventStoreException ex)
            {
                return new Outcome(null, null, ex.GetType().Name);
            }
        }

        public sealed record Numbers(long NewVersion, long GlobalPosition, string Skipped);
    }

    /// <summary>AfterInsert hooks by call number: the <c>hold</c>-th waits until released; the <c>fail</c>-th throws.</summary>
    private sealed class Hooks(int hold, int fail = 0)
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;
        private bool _armed;

        public Task Held => _held.Task;

        public void Arm() => _armed = true;

        public void Release() => _release.TrySetResult();

        public async Task Run(CancellationToken ct)
        {
            if (!_armed)
            {
                return;
            }

            var n = Interlocked.Increment(ref _calls);
            if (n == hold)
            {
                _held.TrySetResult();
                await _release.Task.WaitAsync(ct);
            }
            else if (n == fail)
            {
                throw new InvalidOperationException("the group's transaction failed before COMMIT");
            }
        }
    }
}
