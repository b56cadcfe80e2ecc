// EventStoreBase maps a backend's refusals for each facade: a conflict is a value or OptimisticLockException, a duplicate always DuplicateEventException.
using EventStore.Functional.Append;
using EventStore.Functional.Tests.Support;
using LanguageExt;

namespace EventStore.Functional.Tests.Core;

public sealed class AppendRejectionMappingTests
{
    private static readonly Guid Id = Guid.NewGuid();

    [Fact]
    public async Task A_conflict_decided_at_once_is_an_optimistic_lock_exception_for_append_and_a_value_for_try_append()
    {
        var conflict = new ConflictError(Id, "Task", ExpectedVersion.NoStream, 3);
        await using var store = new DecidedStore(new AppendRejection.Conflict(conflict));

        var error = await Assert.ThrowsAsync<OptimisticLockException>(() => store.AppendEventsAsync(Id, "Task", [new TaskCreated()], ExpectedVersion.NoStream));
        var value = await store.TryAppendEventsAsync(Id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);

        Assert.Equal(3, error.ActualVersion);
        Assert.Equal(conflict, value.LeftToSeq().Single());
    }

    [Fact]
    public async Task A_duplicate_elsewhere_is_a_duplicate_event_exception_from_both_appends()
    {
        var eventId = Guid.NewGuid();
        await using var store = new DecidedStore(new AppendRejection.DuplicateElsewhere(eventId, "Other-1", "Task-2"));

        var thrown = await Assert.ThrowsAsync<DuplicateEventException>(() => store.AppendEventsAsync(Id, "Task", [new TaskCreated()], ExpectedVersion.Any));
        var tried = await Assert.ThrowsAsync<DuplicateEventException>(() => store.TryAppendEventsAsync(Id, "Task", [new TaskCreated()], ExpectedVersion.Any));

        Assert.All([thrown, tried], e => Assert.Equal((eventId, "Other-1", "Task-2"), (e.EventId, e.ExistingStreamId, e.AttemptedStreamId)));
    }

    // A backend that answers every append at once (a completed task) with one refusal.
    private sealed class DecidedStore(AppendRejection rejection) : EventStoreBase(TestEvents.NewRegistry())
    {
        protected override Task<Either<AppendRejection, AppendResult>> AppendCoreAsync(AppendRequest request, CancellationToken ct) =>
            Task.FromResult<Either<AppendRejection, AppendResult>>(rejection);

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
