// The PostgreSQL store's append connections: kept open between appends only when clean, at most one per writer, returned on disposal.
using System.Transactions;
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Support;
using Npgsql;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresWriterConnectionTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
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

        Assert.Equal(1, store.Writers.Opened);
        var kept = Assert.Single(store.Writers.Idle);
        await AssertCleanAsync(kept.ProcessID);
        Assert.Equal(3, await store.GetStreamVersionAsync(id, "Task"));
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
        var first = Assert.Single(store.Writers.Idle);
        var pid = first.ProcessID;

        fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream));

        Assert.Empty(store.Writers.Idle);
        Assert.Equal(System.Data.ConnectionState.Closed, first.FullState);
        await AssertNoAdvisoryLockAsync(pid); // the abort released the feed lock before the connection went back
        fail = false;
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        Assert.Equal(2, store.Writers.Opened);
    }

    [Fact]
    public async Task A_duplicate_event_id_is_refused_and_its_connection_is_not_kept()
    {
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() });
        var stored = new TaskCreated();
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [stored], ExpectedVersion.NoStream);

        await Assert.ThrowsAsync<DuplicateEventException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [stored], ExpectedVersion.NoStream));

        Assert.Empty(store.Writers.Idle);
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        Assert.Equal(2, store.Writers.Opened);
        await AssertCleanAsync(Assert.Single(store.Writers.Idle).ProcessID);
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

        Assert.InRange(store.Writers.Opened, 1, 2);
        Assert.InRange(store.Writers.Idle.Count, 1, 2);
        foreach (var conn in store.Writers.Idle)
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
        var kept = Assert.Single(store.Writers.Idle);

        await store.DisposeAsync();

        Assert.Empty(store.Writers.Idle);
        Assert.Equal(System.Data.ConnectionState.Closed, kept.FullState);
    }

    [Fact]
    public async Task A_connection_idle_longer_than_the_data_sources_idle_lifetime_goes_back_to_the_pool()
    {
        await using var dataSource = await PostgresFixture.NewDataSourceAsync("Connection Idle Lifetime=1;Connection Pruning Interval=1");
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() }, dataSource);
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        var first = Assert.Single(store.Writers.Idle);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);

        Assert.Equal(2, store.Writers.Opened);
        Assert.Equal(System.Data.ConnectionState.Closed, first.FullState);
        Assert.NotSame(first, Assert.Single(store.Writers.Idle));
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
            await AssertCleanAsync(Assert.Single(store.Writers.Idle).ProcessID); // no transaction left open for the scope
        } // not completed: the ambient transaction rolls back; the append committed on its own

        Assert.Equal(1, await store.GetStreamVersionAsync(id, "Task"));
        using (var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await store.AppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Any); // the general path
            scope.Complete();
        }

        Assert.Equal(1, result.NewVersion);
        Assert.Equal(2, await store.GetStreamVersionAsync(id, "Task"));
        Assert.Equal(1, store.Writers.Opened);
        await AssertCleanAsync(Assert.Single(store.Writers.Idle).ProcessID);
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
