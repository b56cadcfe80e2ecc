// The in-memory store's synchronous append path: successes come back as completed tasks, every failure through the task.
using EventStore.Functional.Memory;
using EventStore.Functional.Tests.Support;

namespace EventStore.Functional.Tests.Memory;

public sealed class MemoryAppendTaskTests : IAsyncLifetime
{
    private readonly InMemoryEventStore _store = new(TestEvents.NewRegistry());

    public Task InitializeAsync() => _store.InitializeAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_successful_append_returns_an_already_completed_task_with_the_result()
    {
        var id = Guid.NewGuid();
        var e = new TaskCreated { Title = "a" };

        var first = _store.AppendEventsAsync(id, "Task", [e], ExpectedVersion.NoStream);
        var retry = _store.AppendEventsAsync(id, "Task", [e], ExpectedVersion.NoStream);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal(AppendResult.Succeeded(1, 1, []), await first);
        Assert.Equal(AppendResult.Succeeded(1, 1, [e.EventId]), await retry);
    }

    [Fact]
    public async Task A_bad_argument_faults_the_task_instead_of_throwing()
    {
        var task = _store.AppendEventsAsync(Guid.Empty, "Task", [new TaskCreated()], ExpectedVersion.Any);

        Assert.True(task.IsFaulted);
        await Assert.ThrowsAsync<ArgumentException>(() => task);
    }

    [Fact]
    public async Task A_conflict_faults_the_task_with_an_optimistic_lock_exception_and_writes_nothing()
    {
        var id = Guid.NewGuid();
        await _store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);

        var task = _store.AppendEventsAsync(id, "Task", [new TaskCompleted()], ExpectedVersion.NoStream);

        Assert.True(task.IsFaulted);
        var error = await Assert.ThrowsAsync<OptimisticLockException>(() => task);
        Assert.Equal((0L, 1L), (error.ExpectedVersion, error.ActualVersion));
        Assert.Equal(1, await _store.GetEventCountAsync());
    }

    [Fact]
    public async Task An_id_stored_in_another_stream_faults_the_task_with_a_duplicate_event_exception()
    {
        var e = new TaskCreated();
        await _store.AppendEventsAsync(Guid.NewGuid(), "Task", [e], ExpectedVersion.NoStream);

        var task = _store.AppendEventsAsync(Guid.NewGuid(), "Task", [e], ExpectedVersion.NoStream);

        Assert.True(task.IsFaulted);
        await Assert.ThrowsAsync<DuplicateEventException>(() => task);
    }

    [Fact]
    public async Task A_cancelled_token_cancels_the_task()
    {
        var task = _store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.Any, new CancellationToken(canceled: true));

        Assert.True(task.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(0, await _store.GetEventCountAsync());
    }

    [Fact]
    public async Task A_closed_store_faults_the_task()
    {
        await _store.DisposeAsync();

        var task = _store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.Any);

        Assert.True(task.IsFaulted);
        await Assert.ThrowsAsync<EventStoreClosedException>(() => task);
    }
}
