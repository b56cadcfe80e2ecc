// The PostgreSQL store's connections: kept open between appends and reads only when clean, at most one per writer, returned on disposal.
using System.Transactions;
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresKeptConnectionTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Appends_one_after_another_run_on_one_kept_connection_left_idle_with_no_lock_held()
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() });
        var id = Guid.NewGuid();
        var created = new TaskCreated();

        await store.AppendEventsAsync(id, "Task", [created], ExpectedVersion.NoStream); // one statement, assumed facts
        await store.AppendEventsAsync(id, "Task", [new TaskReassigned()], ExpectedVersion.Exact(1));
        await store.AppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Any); // loaded facts, two round trips
        Assert.True((await store.TryAppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Exact(1))).IsLeft); // refuted, then a conflict
        await store.AppendEventsAsync(id, "Task", [created], ExpectedVersion.NoStream); // an idempotent retry

        Assert.Equal(1, store.Connections.Opened);
        var kept = Assert.Single(store.Connections.Idle);
        await AssertCleanAsync(kept.ProcessID);
        Assert.Equal(3, await store.GetStreamVersionAsync(id, "Task"));
    }

    [Fact]
    public async Task Reads_run_on_the_kept_connection_and_leave_it_clean()
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), ReadPageSize = 2 });
        var id = Guid.NewGuid();
        var created = new TaskCreated();
        await store.AppendEventsAsync(id, "Task", [created, new TaskReassigned(), new TaskCompleted()], ExpectedVersion.NoStream);

        Assert.Equal(3, (await store.GetEventsAsync(id, "Task")).Events.Count);
        Assert.Equal(3, (await store.ReadStreamAsync(StreamKey.Format(id, "Task")).ToListAsync()).Count); // two pages
        Assert.Equal(3, (await store.ReadAllAsync().ToListAsync()).Count);
        Assert.True(await store.EventExistsAsync(created.EventId));
        Assert.Equal(3, await store.GetStreamVersionAsync(id, "Task"));
        Assert.Equal(3, await store.GetGlobalPositionAsync());

        Assert.Equal(1, store.Connections.Opened);
        await AssertCleanAsync(Assert.Single(store.Connections.Idle).ProcessID);
    }

    [Fact]
    public async Task A_read_its_consumer_leaves_early_or_that_fails_does_not_keep_its_connection()
    {
        var schema = fixture.NewSchema();
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        var id = Guid.NewGuid();
        await store.AppendEventsAsync(id, "Task", [new TaskCreated(), new TaskCompleted()], ExpectedVersion.NoStream);
        Assert.Single(store.Connections.Idle);

        await foreach (var e in store.ReadAllAsync())
        {
            break; // the rest of the statement's rows are never read
        }

        Assert.Empty(store.Connections.Idle);
        await using var narrow = await PostgresFixture.CreateStoreAsync(new() { Schema = schema, Registry = new EventRegistry().Register<TaskCreated>() });
        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(async () => await narrow.ReadAllAsync().ToListAsync()); // TaskCompleted is not registered
        Assert.Empty(narrow.Connections.Idle);
        Assert.Equal(2, (await store.GetEventsAsync(id, "Task")).Events.Count);
        Assert.Equal(2, store.Connections.Opened);
    }

    [Fact]
    public async Task A_read_stopped_or_failing_in_its_decoded_ahead_chunks_keeps_only_clean_connections()
    {
        var schema = fixture.NewSchema();
        var options = new PostgresEventStoreOptions { Schema = schema, ReadPageSize = 2, ReadChunkRows = 1 };
        await using var store = await PostgresFixture.CreateStoreAsync(options);
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated(), new TaskCreated(), new TaskCreated(), new TaskCreated(), new TaskCompleted()], ExpectedVersion.NoStream);

        var seen = 0;
        await foreach (var e in store.ReadAllAsync())
        {
            if (++seen == 4)
            {
                break; // past the first statement: these rows were decoded ahead
            }
        }

        await using var narrow = await PostgresFixture.CreateStoreAsync(new() { Schema = schema, ReadPageSize = 2, ReadChunkRows = 1, Registry = new EventRegistry().Register<TaskCreated>() });
        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(async () => await narrow.ReadAllAsync().ToListAsync()); // the 5th, in a chunk

        // A page whose rows were all read gave its connection back clean even if its events were returned (or failed to
        // decode) later; the page still being read when the consumer stopped gave its connection to the pool.
        foreach (var conn in store.Connections.Idle.Concat(narrow.Connections.Idle))
        {
            await AssertCleanAsync(conn.ProcessID);
        }

        Assert.Equal(5, (await store.ReadAllAsync().ToListAsync()).Count);
    }

    [Fact]
    public async Task A_read_in_progress_keeps_its_connection_from_an_append_that_runs_meanwhile()
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() });
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated(), new TaskCompleted()], ExpectedVersion.NoStream);

        await using (var read = store.ReadAllAsync().GetAsyncEnumerator())
        {
            Assert.True(await read.MoveNextAsync()); // suspended mid-statement, on the kept connection
            await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
            Assert.Equal(2, store.Connections.Opened);
            Assert.True(await read.MoveNextAsync());
            Assert.False(await read.MoveNextAsync()); // its statement's snapshot predates the append
        }

        Assert.Equal(2, store.Connections.Idle.Count);
    }

    [Fact]
    public async Task A_call_waiting_for_the_pool_gets_the_connection_another_call_gives_back()
    {
        await using var dataSource = await PostgresFixture.NewDataSourceAsync("Maximum Pool Size=2;Timeout=3");
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() }, dataSource);
        var id = Guid.NewGuid();
        await store.AppendEventsAsync(id, "Task", [new TaskCreated(), new TaskCompleted()], ExpectedVersion.NoStream);
        await using var first = store.ReadAllAsync().GetAsyncEnumerator();
        await using var second = store.ReadAllAsync().GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());
        Assert.True(await second.MoveNextAsync()); // both of the pool's connections are in use

        var waiting = store.GetEventsAsync(id, "Task");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        while (await first.MoveNextAsync())
        {
        } // its connection goes back: to the pool, for the waiting call, not to the store's idle list

        Assert.Equal(2, (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Events.Count);
        while (await second.MoveNextAsync())
        {
        }
    }

    [Fact]
    public async Task An_append_that_throws_returns_its_connection_to_the_pool_and_the_next_one_opens_another()
    {
        var fail = false;
        await using var store = await PostgresFixture.CreateStoreAsync(new()
        {
            Schema = fixture.NewSchema(),
            AfterInsert = _ => fail ? throw new InvalidOperationException("the application crashed before COMMIT") : Task.CompletedTask,
        });
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        var first = Assert.Single(store.Connections.Idle);

        fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream));

        Assert.Empty(store.Connections.Idle);
        Assert.Equal(System.Data.ConnectionState.Closed, first.FullState);
        fail = false;
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        Assert.Equal(2, store.Connections.Opened);
    }

    [Theory]
    [InlineData(false, 1)] // NoStream: the append_assumed_one function takes the feed lock and its INSERT fails
    [InlineData(false, 2)] // NoStream, two events: the append_assumed function takes it and its INSERT fails
    [InlineData(true, 1)] // Any: the general path's batch takes the feed lock and its INSERT fails
    public async Task An_append_failing_inside_the_feed_section_releases_the_feed_lock_and_its_connection_is_not_kept(bool any, int size)
    {
        var schema = fixture.NewSchema();
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        await using (var ddl = (await PostgresFixture.DataSourceAsync()).CreateCommand($"""
            CREATE FUNCTION "{schema}".refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.payload::text LIKE '%boom%' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_boom BEFORE INSERT ON "{schema}".events FOR EACH ROW EXECUTE FUNCTION "{schema}".refuse_boom();
            """))
        {
            await ddl.ExecuteNonQueryAsync();
        }

        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        var pid = Assert.Single(store.Connections.Idle).ProcessID;

        DomainEvent[] failing = size == 1 ? [new TaskCreated { Title = "boom" }] : [new TaskCreated(), new TaskCreated { Title = "boom" }];
        await Assert.ThrowsAsync<PostgresUnavailableException>(() =>
            store.AppendEventsAsync(Guid.NewGuid(), "Task", failing, any ? ExpectedVersion.Any : ExpectedVersion.NoStream));

        Assert.Empty(store.Connections.Idle);
        await AssertNoAdvisoryLockAsync(pid); // released by the store's abort, before the connection went back to the pool
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        Assert.Equal(2, store.Connections.Opened);
    }

    [Fact]
    public async Task A_duplicate_event_id_is_refused_as_a_verdict_that_ends_its_transaction_and_keeps_its_connection_clean()
    {
        // A duplicate is the core's verdict (a value since the append decision became total), not a failure: the
        // transaction that loaded the facts commits having written nothing, so the connection is clean and kept.
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() });
        var stored = new TaskCreated();
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [stored], ExpectedVersion.NoStream);

        await Assert.ThrowsAsync<DuplicateEventException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [stored], ExpectedVersion.NoStream));

        var kept = Assert.Single(store.Connections.Idle).ProcessID;
        await AssertCleanAsync(kept);
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        Assert.Equal(1, store.Connections.Opened);
        Assert.Equal(kept, Assert.Single(store.Connections.Idle).ProcessID);
    }

    [Fact]
    public async Task Concurrent_appends_keep_at_most_one_connection_per_writer()
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), MaxConcurrentAppends = 2 });
        var hot = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(async w =>
        {
            for (var i = 0; i < 10; i++)
            {
                await store.AppendEventsAsync(w % 2 == 0 ? hot : Guid.NewGuid(), "Task", [new TaskCreated()], w % 2 == 0 ? ExpectedVersion.Any : ExpectedVersion.NoStream);
            }
        }));

        Assert.Equal(0, store.Appends.GroupFallbacks);
        Assert.InRange(store.Connections.Opened, 1, 2);
        Assert.InRange(store.Connections.Idle.Count, 1, 2);
        foreach (var conn in store.Connections.Idle)
        {
            await AssertCleanAsync(conn.ProcessID);
        }

        Assert.Equal(80, await store.GetStreamVersionAsync(hot, "Task"));
    }

    [Fact]
    public async Task Disposing_the_store_closes_its_kept_connections()
    {
        var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() });
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        var kept = Assert.Single(store.Connections.Idle);

        await store.DisposeAsync();

        Assert.Empty(store.Connections.Idle);
        Assert.Equal(System.Data.ConnectionState.Closed, kept.FullState);
    }

    [Fact]
    public async Task A_kept_connection_idle_for_the_pruning_interval_goes_back_to_the_pool()
    {
        await using var dataSource = await PostgresFixture.NewDataSourceAsync("Connection Pruning Interval=1;Connection Idle Lifetime=2");
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() }, dataSource);
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        var first = Assert.Single(store.Connections.Idle);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (store.Connections.Idle.Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.Empty(store.Connections.Idle); // returned by the store's timer, with no append to notice
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30));
        Assert.Equal(System.Data.ConnectionState.Closed, first.FullState);
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        Assert.Equal(2, store.Connections.Opened);
    }

    [Fact]
    public async Task With_a_pool_of_n_connections_at_most_n_minus_one_are_kept()
    {
        await using var dataSource = await PostgresFixture.NewDataSourceAsync("Maximum Pool Size=2");
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema(), MaxConcurrentAppends = 4 }, dataSource);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 5; i++)
            {
                await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
            }
        }));

        Assert.Single(store.Connections.Idle);
        await using (var other = await dataSource.OpenConnectionAsync()) // the pool still has one for another caller
        {
            Assert.Equal(System.Data.ConnectionState.Open, other.FullState);
        }

        Assert.Equal(40, (await store.ReadAllAsync().ToListAsync()).Count);
    }

    [Fact]
    public async Task An_append_under_an_ambient_transaction_is_its_own_transaction_on_a_kept_connection()
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() });
        var id = Guid.NewGuid();
        AppendResult result;

        using (new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            result = await store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);
            await AssertCleanAsync(Assert.Single(store.Connections.Idle).ProcessID); // no transaction left open for the scope
        } // not completed: the ambient transaction rolls back; the append committed on its own

        Assert.Equal(1, await store.GetStreamVersionAsync(id, "Task"));
        using (var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await store.AppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Any); // the general path
            scope.Complete();
        }

        Assert.Equal(1, result.NewVersion);
        Assert.Equal(2, await store.GetStreamVersionAsync(id, "Task"));
        Assert.Equal(1, store.Connections.Opened);
        await AssertCleanAsync(Assert.Single(store.Connections.Idle).ProcessID);
    }

    // The backend is idle (no transaction open) and holds no advisory lock: what the pool's reset would have left.
    private static async Task AssertCleanAsync(int pid)
    {
        await using var other = await PostgresFixture.NewDataSourceAsync();
        await using var state = other.CreateCommand("SELECT state FROM pg_stat_activity WHERE pid = $1");
        state.Parameters.Add(new NpgsqlParameter { Value = pid });
        Assert.Equal("idle", await state.ExecuteScalarAsync());
        await AssertNoAdvisoryLockAsync(pid);
    }

    private static async Task AssertNoAdvisoryLockAsync(int pid)
    {
        await using var other = await PostgresFixture.NewDataSourceAsync();
        await using var locks = other.CreateCommand("SELECT count(*) FROM pg_locks WHERE pid = $1 AND locktype = 'advisory'");
        locks.Parameters.Add(new NpgsqlParameter { Value = pid });
        Assert.Equal(0L, await locks.ExecuteScalarAsync());
    }
}
