// Conformance: the expected-version check (SPEC §3 rule 6) and how a conflict reaches the caller. Subclassed once per backend.
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Conformance;

public abstract class AppendExpectedVersionConformance<TFixture>(TFixture fixture) : ConformanceBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    // (current version, expected-version code, passes): Any passes; NoStream/Exact(0) need 0; StreamExists needs > 0; Exact(n) needs n.
    [Theory]
    [InlineData(0, -1L, true)]
    [InlineData(1, -1L, true)]
    [InlineData(3, -1L, true)]
    [InlineData(0, 0L, true)]
    [InlineData(1, 0L, false)]
    [InlineData(3, 0L, false)]
    [InlineData(0, -2L, false)]
    [InlineData(1, -2L, true)]
    [InlineData(3, -2L, true)]
    [InlineData(0, 1L, false)]
    [InlineData(1, 1L, true)]
    [InlineData(3, 1L, false)]
    [InlineData(3, 2L, false)]
    [InlineData(3, 3L, true)]
    [InlineData(3, 4L, false)]
    public async Task The_expected_version_table_decides_every_append(int current, long code, bool passes)
    {
        var id = Guid.NewGuid();
        for (var i = 0; i < current; i++)
        {
            await AppendAsync(id, new TaskRenamed { NewTitle = $"{i}" });
        }

        var before = await SnapshotAsync();
        var fresh = new TaskCompleted();

        var result = await TryAppendAsync(id, TaskType, code, [fresh]);

        if (passes)
        {
            var ok = Assert.Single(result.RightToSeq());
            Assert.Equal(current + 1, ok.NewVersion);
            Assert.True(ok.Success);
            Assert.False(ok.Conflict);
            Assert.True(await Store.EventExistsAsync(fresh.EventId));
        }
        else
        {
            Assert.Equal(new ConflictError(id, TaskType, code, current), Assert.Single(result.LeftToSeq()));
            await AssertUnchangedAsync(before, [fresh]);
            Assert.Equal(current, await Store.GetStreamVersionAsync(id, TaskType));
        }
    }

    [Fact]
    public async Task NoStream_is_the_same_as_Exact_0()
    {
        Assert.Equal(ExpectedVersion.NoStream, ExpectedVersion.Exact(0));
        var id = Guid.NewGuid();
        await AppendAsync(id, TaskType, ExpectedVersion.Exact(0), [new TaskCreated()]);

        var second = await TryAppendAsync(id, TaskType, ExpectedVersion.NoStream, [new TaskCompleted()]);

        Assert.Equal(1, Assert.Single(second.LeftToSeq()).ActualVersion);
    }

    [Fact]
    public async Task AppendEventsAsync_throws_OptimisticLockException_describing_the_conflict_and_writes_nothing()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, TaskType, ExpectedVersion.NoStream, [new TaskCreated()]);
        await AppendAsync(id, TaskType, 1, [new TaskCompleted()]);
        var before = await SnapshotAsync();
        var stale = new TaskReassigned { AggregateId = id, NewAssignee = Guid.NewGuid() };

        var ex = await Assert.ThrowsAsync<OptimisticLockException>(() => Store.AppendEventsAsync(id, TaskType, [stale], 1));

        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.ActualVersion);
        Assert.Equal(id, ex.AggregateId);
        Assert.Equal(TaskType, ex.AggregateType);
        Assert.Equal(new ConflictError(id, TaskType, 1, 2), ex.Error);
        Assert.Equal($"Optimistic lock error for Task {id:D}: expected version 1, but current version is 2", ex.Message);
        await AssertUnchangedAsync(before, [stale]);
    }

    [Theory]
    [InlineData(-2L)]
    [InlineData(0L)]
    public async Task OptimisticLockException_carries_the_expected_version_code(long code)
    {
        var id = Guid.NewGuid();
        if (code == 0)
        {
            await AppendAsync(id, new TaskCreated());
        }

        var ex = await Assert.ThrowsAsync<OptimisticLockException>(() => Store.AppendEventsAsync(id, TaskType, [new TaskCompleted()], code));

        Assert.Equal(code, ex.ExpectedVersion);
        Assert.Equal(code == 0 ? 1 : 0, ex.ActualVersion);
        Assert.IsAssignableFrom<EventStoreException>(ex);
    }

    [Fact]
    public async Task A_conflict_burns_no_global_position()
    {
        var id = Guid.NewGuid();
        var first = await AppendAsync(id, new TaskCreated());

        var conflict = await TryAppendAsync(id, TaskType, ExpectedVersion.NoStream, [new TaskCompleted()]);
        var next = await AppendAsync(id, TaskType, ExpectedVersion.Exact(1), [new TaskCompleted()]);

        Assert.True(conflict.IsLeft);
        Assert.Equal(first.GlobalPosition + 1, next.GlobalPosition);
    }

    [Fact]
    public async Task An_invalid_or_duplicate_append_burns_no_global_position()
    {
        var x = Guid.NewGuid();
        var shared = new TaskCreated();
        var first = await AppendAsync(x, shared);

        await Assert.ThrowsAsync<DuplicateEventException>(() => Store.AppendEventsAsync(Guid.NewGuid(), TaskType, [new TaskCompleted(), shared], ExpectedVersion.Any));
        await Assert.ThrowsAsync<EventTypeNotRegisteredException>(() => Store.AppendEventsAsync(x, TaskType, [new NotRegistered()], ExpectedVersion.Any));
        var next = await AppendAsync(Guid.NewGuid(), new TaskCreated());

        Assert.Equal(first.GlobalPosition + 1, next.GlobalPosition);
    }

    [Fact]
    public async Task After_a_conflict_reloading_and_retrying_with_the_current_version_succeeds()
    {
        var id = Guid.NewGuid();
        await AppendAsync(id, TaskType, ExpectedVersion.NoStream, [new TaskCreated()]);
        await AppendAsync(id, TaskType, ExpectedVersion.Exact(1), [new TaskCompleted()]);
        var reassigned = new TaskReassigned { NewAssignee = Guid.NewGuid() };

        var conflict = await TryAppendAsync(id, TaskType, ExpectedVersion.Exact(1), [reassigned]);
        var reloaded = await Store.GetEventsAsync(id, TaskType);
        var retried = await TryAppendAsync(id, TaskType, ExpectedVersion.Exact(reloaded.Version), [reassigned]);

        Assert.True(conflict.IsLeft);
        Assert.Equal(3, Assert.Single(retried.RightToSeq()).NewVersion);
        Assert.Empty(Assert.Single(retried.RightToSeq()).SkippedEventIds);
    }
}
