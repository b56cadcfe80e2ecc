// EventStoreBase reads a backend's ValueTask verdict once: a pooled IValueTaskSource allows no second read.
using System.Threading.Tasks.Sources;
using EventStore.Functional.Append;
using EventStore.Functional.Tests.Support;
using LanguageExt;

namespace EventStore.Functional.Tests.Core;

public sealed class AppendValueTaskTests
{
    [Fact]
    public async Task A_conflict_already_decided_through_a_single_read_value_task_source_is_an_optimistic_lock_exception()
    {
        var conflict = new ConflictError(Guid.NewGuid(), "Task", ExpectedVersion.NoStream, 3);
        await using var store = new SingleReadStore(conflict);

        var error = await Assert.ThrowsAsync<OptimisticLockException>(() =>
            store.AppendEventsAsync(conflict.AggregateId, "Task", [new TaskCreated()], ExpectedVersion.NoStream));

        Assert.Equal(3, error.ActualVersion);
        Assert.Equal(1, store.Reads);
    }

    // A backend whose verdict is a completed IValueTaskSource that throws when its result is read twice.
    private sealed class SingleReadStore(ConflictError conflict) : EventStoreBase(TestEvents.NewRegistry()), IValueTaskSource<Either<ConflictError, AppendResult>>
    {
        public int Reads { get; private set; }

        public Either<ConflictError, AppendResult> GetResult(short token) =>
            ++Reads == 1 ? conflict : throw new InvalidOperationException("The verdict was read twice.");

        public ValueTaskSourceStatus GetStatus(short token) => ValueTaskSourceStatus.Succeeded;

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) => continuation(state);

        protected override ValueTask<Either<ConflictError, AppendResult>> AppendCoreValueAsync(AppendRequest request, CancellationToken ct) => new(this, 0);

        protected override Task<Either<ConflictError, AppendResult>> AppendCoreAsync(AppendRequest request, CancellationToken ct) => throw new NotSupportedException();

        protected override Task InitializeCoreAsync(CancellationToken ct) => Task.CompletedTask;

        protected override Task<EventStream> GetEventsCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct) => throw new NotSupportedException();

        protected override IAsyncEnumerable<StoredEvent> ReadStreamCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct) => throw new NotSupportedException();

        protected override IAsyncEnumerable<StoredEvent> ReadAllCoreAsync(ReadOptions options, CancellationToken ct) => throw new NotSupportedException();

        protected override Task<IReadOnlyList<DomainEvent>> GetEventsByTypeCoreAsync(ReadOptions options, CancellationToken ct) => throw new NotSupportedException();

        protected override Task<bool> EventExistsCoreAsync(Guid eventId, CancellationToken ct) => throw new NotSupportedException();

        protected override Task<long> GetStreamVersionCoreAsync(StreamKey stream, CancellationToken ct) => throw new NotSupportedException();

        protected override Task<long> GetGlobalPositionCoreAsync(CancellationToken ct) => throw new NotSupportedException();
    }
}
