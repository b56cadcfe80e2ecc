// The one-round-trip PostgreSQL append: taken for exact expectations, and every refuted assumption falls back to the core's verdict on loaded facts.
using EventStore.Functional.Postgres;
using EventStore.Functional.Tests.Conformance;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAssumedAppendTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task NoStream_and_Exact_appends_that_meet_their_expectation_are_written_in_one_round_trip()
    {
        await using var store = await NewStoreAsync();
        var id = Guid.NewGuid();

        var first = await store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        var second = await store.AppendEventsAsync(id, "Task", [new TaskReassigned(), new TaskCompleted()], ExpectedVersion.Exact(1));

        Assert.Equal((2L, 0L), Paths(store));
        Assert.Equal((1L, 1L), (first.NewVersion, first.GlobalPosition));
        Assert.Equal((3L, 3L), (second.NewVersion, second.GlobalPosition));
        Assert.Equal([1L, 2L, 3L], (await store.ReadStreamAsync(StreamKey.Format(id, "Task")).ToListAsync()).Select(e => e.StreamPosition));
    }

    [Fact]
    public async Task Any_and_StreamExists_appends_load_the_facts_and_never_assume()
    {
        await using var store = await NewStoreAsync();
        var id = Guid.NewGuid();

        await store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.Any);
        await store.AppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.StreamExists);

        Assert.Equal((0L, 0L), Paths(store));
        Assert.Equal(2, await store.GetStreamVersionAsync(id, "Task"));
    }

    // Batches of one event go through append_assumed_one (scalar parameters), larger ones through append_assumed: the
    // theories below refute each function's assumption.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task NoStream_on_an_existing_stream_falls_back_to_a_conflict_that_writes_nothing_and_burns_no_position(int size)
    {
        await using var store = await NewStoreAsync();
        var id = Guid.NewGuid();
        await store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        var before = await SnapshotAsync(store);
        var late = new TaskCreated { Title = "late" };
        DomainEvent[] batch = size == 1 ? [late] : [late, new TaskCompleted()];

        var conflict = await store.TryAppendEventsAsync(id, "Task", batch, ExpectedVersion.NoStream);
        var thrown = await Assert.ThrowsAsync<OptimisticLockException>(() => store.AppendEventsAsync(id, "Task", batch, ExpectedVersion.NoStream));

        Assert.Equal(new ConflictError(id, "Task", ExpectedVersion.NoStream, 1), conflict.LeftToSeq().Single());
        Assert.Equal((0L, 1L), (thrown.ExpectedVersion, thrown.ActualVersion));
        Assert.Equal((1L, 2L), Paths(store));
        await AssertUnchangedAsync(store, before);
        Assert.False(await store.EventExistsAsync(late.EventId));
        // A refuted assumption inserted no row, so it drew no position from the identity: the next one is still 2.
        Assert.Equal(1 + size, (await store.AppendEventsAsync(id, "Task", batch, ExpectedVersion.Exact(1))).GlobalPosition);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 2)]
    public async Task Exact_version_other_than_the_streams_falls_back_to_a_conflict_naming_the_actual_version(long expected, int size)
    {
        await using var store = await NewStoreAsync();
        var id = Guid.NewGuid();
        await store.AppendEventsAsync(id, "Task", [new TaskCreated(), new TaskReassigned()], ExpectedVersion.NoStream);
        var before = await SnapshotAsync(store);
        DomainEvent[] batch = size == 1 ? [new TaskCompleted()] : [new TaskReassigned(), new TaskCompleted()];

        var result = await store.TryAppendEventsAsync(id, "Task", batch, ExpectedVersion.Exact(expected));

        Assert.Equal(new ConflictError(id, "Task", ExpectedVersion.Exact(expected), 2), result.LeftToSeq().Single());
        Assert.Equal((1L, 1L), Paths(store));
        await AssertUnchangedAsync(store, before);
    }

    [Fact]
    public async Task Retry_of_a_stored_batch_falls_back_to_the_idempotent_result_of_the_first_call()
    {
        await using var store = await NewStoreAsync();
        var id = Guid.NewGuid();
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        DomainEvent[] batch = [new TaskCreated(), new TaskCompleted()];
        var first = await store.AppendEventsAsync(id, "Task", batch, ExpectedVersion.NoStream);
        var before = await SnapshotAsync(store);

        var retry = await store.AppendEventsAsync(id, "Task", batch, ExpectedVersion.NoStream);

        Assert.Equal((2L, 3L), (first.NewVersion, first.GlobalPosition));
        Assert.Equal((true, 2L, 3L, false), (retry.Success, retry.NewVersion, retry.GlobalPosition, retry.Conflict));
        Assert.Equal(batch.Select(e => e.EventId), retry.SkippedEventIds);
        Assert.Equal((2L, 1L), Paths(store));
        await AssertUnchangedAsync(store, before);
    }

    [Fact]
    public async Task Partly_stored_batch_falls_back_to_writing_only_its_new_events()
    {
        await using var store = await NewStoreAsync();
        var id = Guid.NewGuid();
        var stored = new TaskCreated();
        await store.AppendEventsAsync(id, "Task", [stored], ExpectedVersion.NoStream);
        var fresh = new TaskCompleted();

        var result = await store.AppendEventsAsync(id, "Task", [stored, fresh], ExpectedVersion.Exact(1));

        Assert.Equal((2L, 2L), (result.NewVersion, result.GlobalPosition));
        Assert.Equal([stored.EventId], result.SkippedEventIds);
        Assert.Equal((1L, 1L), Paths(store));
        Assert.Equal([stored.EventId, fresh.EventId], (await store.ReadAllAsync().ToListAsync()).Select(e => e.EventId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Id_stored_in_another_stream_falls_back_to_DuplicateEventException_and_writes_nothing(int size)
    {
        await using var store = await NewStoreAsync();
        var (owner, other) = (Guid.NewGuid(), Guid.NewGuid());
        var shared = new TaskCreated();
        await store.AppendEventsAsync(owner, "Task", [shared], ExpectedVersion.NoStream);
        var before = await SnapshotAsync(store);
        DomainEvent[] batch = size == 1 ? [shared] : [new TaskCreated(), shared];

        var duplicate = await Assert.ThrowsAsync<DuplicateEventException>(
            () => store.AppendEventsAsync(other, "Task", batch, ExpectedVersion.NoStream));

        Assert.Equal(StreamKey.Format(owner, "Task"), duplicate.ExistingStreamId);
        Assert.Equal((1L, 1L), Paths(store));
        await AssertUnchangedAsync(store, before);
        Assert.Equal(0, await store.GetStreamVersionAsync(other, "Task"));
    }

    [Fact]
    public async Task Batch_repeating_an_id_is_written_once_in_one_round_trip_and_its_retry_is_idempotent()
    {
        await using var store = await NewStoreAsync();
        var id = Guid.NewGuid();
        var repeated = new TaskCreated();
        var other = new TaskCompleted();
        DomainEvent[] batch = [repeated, other, repeated with { Title = "a later copy" }];

        var first = await store.AppendEventsAsync(id, "Task", batch, ExpectedVersion.NoStream);
        Assert.Equal((1L, 0L), Paths(store));
        var retry = await store.AppendEventsAsync(id, "Task", batch, ExpectedVersion.NoStream);

        Assert.Equal((2L, 2L), (first.NewVersion, first.GlobalPosition));
        Assert.Equal([repeated.EventId], first.SkippedEventIds);
        Assert.Equal((2L, 2L), (retry.NewVersion, retry.GlobalPosition));
        Assert.Equal([repeated.EventId, other.EventId], retry.SkippedEventIds);
        Assert.Equal((1L, 1L), Paths(store));
        var stream = await store.ReadStreamAsync(StreamKey.Format(id, "Task")).ToListAsync();
        Assert.Equal([repeated.EventId, other.EventId], stream.Select(e => e.EventId));
        Assert.Equal(string.Empty, ((TaskCreated)stream[0].Event).Title);
    }

    [Theory]
    [InlineData(1)] // append_assumed_one
    [InlineData(2)] // append_assumed
    public async Task Exact_writers_racing_Any_writers_on_one_stream_win_each_version_once_and_burn_no_position(int size)
    {
        const int writers = 8, appends = 10;
        await using var store = await NewStoreAsync();
        await using var otherSource = await PostgresFixture.NewDataSourceAsync();
        await using var other = await PostgresFixture.CreateStoreAsync(new() { Schema = store.Schema }, otherSource);
        var id = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var target = w % 2 == 0 ? store : other;
            var won = new List<(long Version, Guid[] EventIds)>();
            long known = 0;
            while (won.Count < appends)
            {
                DomainEvent[] batch = [.. Enumerable.Range(0, size).Select(_ => new TaskReassigned { NewAssignee = Guid.NewGuid() })];
                var expected = w % 4 == 3 ? ExpectedVersion.Any : ExpectedVersion.Exact(known);
                var result = await target.TryAppendEventsAsync(id, "Task", batch, expected);
                known = result.Match(r => r.NewVersion, c => c.ActualVersion);
                result.IfRight(r => won.Add((r.NewVersion, [.. batch.Select(e => e.EventId)])));
            }

            return won;
        })));

        var stream = await store.ReadStreamAsync(StreamKey.Format(id, "Task")).ToListAsync();
        var won = results.SelectMany(r => r).OrderBy(r => r.Version).ToList();
        Assert.Equal(Enumerable.Range(1, writers * appends).Select(i => (long)i * size), won.Select(r => r.Version));
        Assert.Equal(won.SelectMany(r => r.EventIds), stream.Select(e => e.EventId));
        // Conflicts were refuted before any row was produced: the only positions drawn are those of the events written.
        Assert.Equal(Enumerable.Range(1, writers * appends * size).Select(i => (long)i), stream.Select(e => e.GlobalPosition));
        Assert.True(store.Appends.Refuted + other.Appends.Refuted > 0, "some Exact writer lost a race and fell back");
    }

    [Fact]
    public async Task AfterInsert_hook_runs_only_when_the_assumed_insert_wrote_and_a_refuted_one_still_ends_its_transaction()
    {
        var calls = 0;
        await using var store = await PostgresFixture.CreateStoreAsync(new()
        {
            Schema = fixture.NewSchema(),
            AfterInsert = _ =>
            {
                Interlocked.Increment(ref calls);
                return Task.CompletedTask;
            },
        });
        var id = Guid.NewGuid();

        await store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);
        var conflict = await store.TryAppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.NoStream);
        var next = await store.AppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.Exact(1));

        Assert.True(conflict.IsLeft);
        Assert.Equal((2L, 1L), Paths(store));
        Assert.Equal(2, calls);
        Assert.Equal((2L, 2L), (next.NewVersion, next.GlobalPosition));
        Assert.Equal(2, await store.GetGlobalPositionAsync());
    }

    [Theory]
    [InlineData(1)] // append_assumed_one: its OUT row holds nulls, which its statement filters out
    [InlineData(2)] // append_assumed: no rows
    public async Task An_insert_that_a_trigger_swallows_fails_the_append_naming_the_rows_it_did_not_write(int size)
    {
        var schema = fixture.NewSchema();
        await using var store = await PostgresFixture.CreateStoreAsync(new() { Schema = schema });
        await using (var ddl = (await PostgresFixture.DataSourceAsync()).CreateCommand($"""
            CREATE FUNCTION "{schema}".swallow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
            CREATE TRIGGER swallow BEFORE INSERT ON "{schema}".events FOR EACH ROW EXECUTE FUNCTION "{schema}".swallow();
            """))
        {
            await ddl.ExecuteNonQueryAsync();
        }

        var id = Guid.NewGuid();
        DomainEvent[] batch = size == 1 ? [new TaskCreated()] : [new TaskCreated(), new TaskCompleted()];

        var error = await Assert.ThrowsAsync<EventStoreException>(() => store.AppendEventsAsync(id, "Task", batch, ExpectedVersion.NoStream));

        Assert.Contains($"inserted 0 of {size} rows", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.GetStreamVersionAsync(id, "Task"));
    }

    private async Task<PostgresEventStore> NewStoreAsync() => await PostgresFixture.CreateStoreAsync(new() { Schema = fixture.NewSchema() });

    private static (long AssumedWrites, long Fallbacks) Paths(PostgresEventStore store) => (store.Appends.AssumedWrites, store.Appends.Refuted);

    private static async Task<StoreSnapshot> SnapshotAsync(PostgresEventStore store) =>
        StoreSnapshot.Of(await store.GetGlobalPositionAsync(), await store.ReadAllAsync().ToListAsync());

    private static async Task AssertUnchangedAsync(PostgresEventStore store, StoreSnapshot before)
    {
        var after = await SnapshotAsync(store);
        Assert.Equal(before.Head, after.Head);
        Assert.Equal(before.Rows, after.Rows);
    }
}
