// Conformance: repeated and already-stored event ids (SPEC §3 rules 3, 4 and 5). Subclassed once per backend.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class AppendIdempotencyConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task Retrying_a_written_batch_writes_nothing_and_returns_the_first_call_s_numbers()
    {
        var id = Guid.NewGuid();
        await AppendAsync(Guid.NewGuid(), new TaskCreated());
        DomainEvent[] batch = [new TaskCreated { Title = "a" }, new TaskCompleted(), new TaskRenamed { NewTitle = "b" }];
        var first = await AppendAsync(id, TaskType, ExpectedVersion.NoStream, batch);
        await AppendAsync(id, new TaskRenamed());
        await AppendAsync(Guid.NewGuid(), new TaskCreated());
        var before = await SnapshotAsync();

        var retry = await AppendAsync(id, TaskType, ExpectedVersion.NoStream, batch);

        Assert.True(retry.Success);
        Assert.False(retry.Conflict);
        Assert.Equal(first.NewVersion, retry.NewVersion);
        Assert.Equal(first.GlobalPosition, retry.GlobalPosition);
        Assert.Equal(batch.Select(e => e.EventId), retry.SkippedEventIds);
        await AssertUnchangedAsync(before);
        Assert.Equal(4, await Store.GetStreamVersionAsync(id, TaskType));
    }

    [Fact]
    public async Task A_retry_of_part_of_a_batch_returns_the_highest_positions_among_its_stored_events()
    {
        var id = Guid.NewGuid();
        DomainEvent[] batch = [new TaskCreated(), new TaskCompleted(), new TaskRenamed()];
        await AppendAsync(id, batch);
        var stored = await ReadStreamListAsync(TaskStream(id));

        var middle = await AppendAsync(id, TaskType, ExpectedVersion.Any, [batch[1]]);
        var reversed = await AppendAsync(id, TaskType, ExpectedVersion.Any, [batch[2], batch[0]]);

        Assert.Equal((2L, stored[1].GlobalPosition), (middle.NewVersion, middle.GlobalPosition));
        Assert.Equal((3L, stored[2].GlobalPosition), (reversed.NewVersion, reversed.GlobalPosition));
        Assert.Equal([batch[2].EventId, batch[0].EventId], reversed.SkippedEventIds);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(0L)]
    [InlineData(-2L)]
    [InlineData(1L)]
    [InlineData(42L)]
    public async Task A_retry_with_nothing_new_succeeds_whatever_the_expected_version(long code)
    {
        var id = Guid.NewGuid();
        DomainEvent[] batch = [new TaskCreated(), new TaskCompleted()];
        var first = await AppendAsync(id, batch);
        var before = await SnapshotAsync();

        var retry = await TryAppendAsync(id, TaskType, code, batch);

        var result = Assert.Single(retry.RightToSeq());
        Assert.Equal((first.NewVersion, first.GlobalPosition), (result.NewVersion, result.GlobalPosition));
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_batch_mixing_stored_and_new_ids_writes_only_the_new_ones_after_the_version_check()
    {
        var id = Guid.NewGuid();
        var stored = new TaskCreated();
        await AppendAsync(id, stored, new TaskCompleted());
        var fresh = new TaskRenamed { NewTitle = "new" };

        var result = await AppendAsync(id, TaskType, ExpectedVersion.Exact(2), [stored, fresh]);

        Assert.Equal(3, result.NewVersion);
        Assert.Equal([stored.EventId], result.SkippedEventIds);
        var events = (await Store.GetEventsAsync(id, TaskType)).Events;
        Assert.Equal(3, events.Count);
        Assert.Equal(fresh.EventId, events[2].EventId);
        Assert.Single(events, e => e.EventId == stored.EventId);
    }

    [Fact]
    public async Task A_batch_mixing_stored_and_new_ids_with_a_stale_version_is_a_conflict()
    {
        var id = Guid.NewGuid();
        var stored = new TaskCreated();
        await AppendAsync(id, stored, new TaskCompleted());
        var before = await SnapshotAsync();
        var fresh = new TaskRenamed();

        var result = await TryAppendAsync(id, TaskType, ExpectedVersion.Exact(1), [stored, fresh]);

        Assert.Equal(new ConflictError(id, TaskType, ExpectedVersion.Exact(1), 2), Assert.Single(result.LeftToSeq()));
        await AssertUnchangedAsync(before, [fresh]);
    }

    [Fact]
    public async Task Repeats_inside_a_batch_are_written_once_and_reported_once_each_in_batch_order()
    {
        var id = Guid.NewGuid();
        var a = new TaskCreated { Title = "a" };
        var b = new TaskRenamed { NewTitle = "b" };
        var c = new TaskCompleted();

        var result = await AppendAsync(id, TaskType, ExpectedVersion.NoStream, [a, b, a, c, b, a]);

        Assert.Equal(3, result.NewVersion);
        Assert.Equal([a.EventId, b.EventId], result.SkippedEventIds);
        Assert.Equal([a.EventId, b.EventId, c.EventId], (await ReadStreamListAsync(TaskStream(id))).Select(e => e.EventId));
    }

    [Fact]
    public async Task The_first_copy_of_a_repeated_id_is_the_one_stored()
    {
        var id = Guid.NewGuid();
        var first = new TaskCreated { Title = "first" };
        var later = first with { Title = "later" };

        await AppendAsync(id, first, later);

        var stored = Assert.IsType<TaskCreated>(Assert.Single((await Store.GetEventsAsync(id, TaskType)).Events));
        Assert.Equal("first", stored.Title);
    }

    [Fact]
    public async Task Skipped_ids_list_stored_and_repeated_ids_once_each_in_order_of_first_occurrence()
    {
        var id = Guid.NewGuid();
        var c = new TaskCreated { Title = "c" };
        await AppendAsync(id, c);
        var d = new TaskRenamed { NewTitle = "d" };
        var e = new TaskCompleted();

        var result = await AppendAsync(id, TaskType, ExpectedVersion.Exact(1), [d, c, e, d, c]);

        Assert.Equal([d.EventId, c.EventId], result.SkippedEventIds);
        Assert.Equal(3, result.NewVersion);
        Assert.Equal([c.EventId, d.EventId, e.EventId], (await ReadStreamListAsync(TaskStream(id))).Select(x => x.EventId));
    }

    [Fact]
    public async Task A_batch_of_one_id_repeated_is_written_once()
    {
        var id = Guid.NewGuid();
        var a = new TaskCreated();

        var result = await AppendAsync(id, TaskType, ExpectedVersion.NoStream, [a, a, a]);

        Assert.Equal(1, result.NewVersion);
        Assert.Equal([a.EventId], result.SkippedEventIds);
        Assert.Equal(result.GlobalPosition, await HeadAsync());
    }

    [Fact]
    public async Task An_id_stored_in_another_stream_throws_DuplicateEventException_and_writes_nothing()
    {
        var x = Guid.NewGuid();
        var y = Guid.NewGuid();
        var shared = new TaskCreated();
        await AppendAsync(x, shared);
        var before = await SnapshotAsync();
        var fresh = new TaskRenamed();

        var ex = await Assert.ThrowsAsync<DuplicateEventException>(() => Store.AppendEventsAsync(y, TaskType, [fresh, shared], ExpectedVersion.Any));

        Assert.Equal(shared.EventId, ex.EventId);
        Assert.Equal(TaskStream(x), ex.ExistingStreamId);
        Assert.Equal(TaskStream(y), ex.AttemptedStreamId);
        Assert.Contains(shared.EventId.ToString("D"), ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Store.GetStreamVersionAsync(y, TaskType));
        await AssertUnchangedAsync(before, [fresh]);
    }

    [Fact]
    public async Task An_id_stored_under_the_same_aggregate_id_with_another_type_is_a_duplicate()
    {
        var id = Guid.NewGuid();
        var deposit = new Deposited(1m, "EUR");
        await AppendAsync(id, "Account", ExpectedVersion.Any, [deposit]);
        var before = await SnapshotAsync();

        var ex = await Assert.ThrowsAsync<DuplicateEventException>(() => Store.TryAppendEventsAsync(id, "Ledger", [deposit], ExpectedVersion.Any));

        Assert.Equal(StreamKey.Format(id, "Account"), ex.ExistingStreamId);
        Assert.Equal(StreamKey.Format(id, "Ledger"), ex.AttemptedStreamId);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task The_duplicate_reported_is_the_first_offending_event_in_batch_order()
    {
        var x = Guid.NewGuid();
        var y = Guid.NewGuid();
        var inX = new TaskCreated();
        var inY = new TaskCreated();
        await AppendAsync(x, inX);
        await AppendAsync(y, inY);

        var ex = await Assert.ThrowsAsync<DuplicateEventException>(() =>
            Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [new TaskRenamed(), inY, inX], ExpectedVersion.Any));

        Assert.Equal(inY.EventId, ex.EventId);
        Assert.Equal(TaskStream(y), ex.ExistingStreamId);
    }

    [Fact]
    public async Task An_id_repeated_in_the_batch_and_stored_in_another_stream_is_still_a_duplicate()
    {
        var x = Guid.NewGuid();
        var inX = new TaskCreated();
        await AppendAsync(x, inX);
        var before = await SnapshotAsync();

        await Assert.ThrowsAsync<DuplicateEventException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [inX, inX], ExpectedVersion.Any));

        await AssertUnchangedAsync(before);
    }
}
