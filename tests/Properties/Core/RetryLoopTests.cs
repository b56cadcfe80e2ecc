// EventStoreBase's retry loop, on a backend whose failures are scripted: every backend gets the same retries and verdicts.
using EventStore.Functional.Append;
using EventStore.Functional.Memory;
using EventStore.Functional.Tests.Support;
using LanguageExt;

namespace EventStore.Functional.Tests.Core;

public sealed class RetryLoopTests
{
    private static readonly RetryPolicy Quick = new() { MaxAttempts = 3, FirstDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

    [Fact]
    public async Task An_append_stored_but_whose_answer_was_lost_is_retried_and_returns_the_first_writes_numbers()
    {
        await using var store = new FlakyStore(Quick, Fail.StoreThenLoseAnswer);
        var id = Guid.NewGuid();
        var created = new TaskCreated();

        var result = await store.AppendEventsAsync(id, "Task", [created], ExpectedVersion.NoStream);

        Assert.Equal((1L, 1L), (result.NewVersion, result.GlobalPosition));
        Assert.Equal([created.EventId], result.SkippedEventIds); // the retry found them stored by the first attempt
        Assert.Equal(2, store.AppendAttempts);
        Assert.Single((await store.GetEventsAsync(id, "Task")).Events);
    }

    [Fact]
    public async Task An_append_whose_every_attempt_lost_its_answer_throws_AppendOutcomeUnknownException_naming_the_stream()
    {
        await using var store = new FlakyStore(Quick, Fail.LoseAnswer, Fail.LoseAnswer, Fail.LoseAnswer);
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<AppendOutcomeUnknownException>(() => store.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.Any));

        Assert.Equal(3, store.AppendAttempts);
        Assert.Contains(StreamKey.Format(id, "Task"), error.Message, StringComparison.Ordinal);
        Assert.Contains("connection reset", error.Message, StringComparison.Ordinal); // the backend's message is kept
        Assert.IsType<IOException>(error.InnerException);
    }

    [Fact]
    public async Task An_unknown_outcome_stays_unknown_when_the_later_attempts_fail_before_writing()
    {
        await using var store = new FlakyStore(Quick, Fail.LoseAnswer, Fail.Transient, Fail.Transient);

        var error = await Assert.ThrowsAsync<AppendOutcomeUnknownException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.Any));

        Assert.Equal(3, store.AppendAttempts);
        Assert.True(error.IsTransient);
        Assert.IsType<EventStoreUnavailableException>(error.InnerException); // the last attempt's failure
    }

    [Fact]
    public async Task A_transient_failure_that_wrote_nothing_is_retried_then_reported_as_it_is_and_a_lasting_one_at_once()
    {
        await using var flaky = new FlakyStore(Quick, Fail.Transient, Fail.Transient, Fail.Transient);
        var transient = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => flaky.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.Any));
        Assert.True(transient.IsTransient);
        Assert.Equal(3, flaky.AppendAttempts);

        await using var broken = new FlakyStore(Quick, Fail.Lasting);
        var lasting = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => broken.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.Any));
        Assert.False(lasting.IsTransient);
        Assert.Equal(1, broken.AppendAttempts);

        await using var recovering = new FlakyStore(Quick, Fail.Transient);
        Assert.Equal(1, (await recovering.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.NoStream)).NewVersion);
        Assert.Equal(2, recovering.AppendAttempts);
    }

    [Fact]
    public async Task A_conflict_after_a_lost_answer_is_the_verdict_since_a_stored_batch_would_have_been_a_retry()
    {
        await using var store = new FlakyStore(Quick, Fail.LoseAnswer);
        var id = Guid.NewGuid();
        await store.Inner.AppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);

        var verdict = await store.TryAppendEventsAsync(id, "Task", [new TaskCreated()], ExpectedVersion.NoStream);

        Assert.Equal(1, verdict.LeftToSeq().Single().ActualVersion);
        Assert.Equal(2, store.AppendAttempts);
    }

    [Fact]
    public async Task Cancelling_while_the_store_waits_to_retry_ends_the_append_as_cancelled()
    {
        await using var store = new FlakyStore(new RetryPolicy { FirstDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromMinutes(1) }, Fail.Transient);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated()], ExpectedVersion.Any, cancel.Token));

        Assert.Equal(1, store.AppendAttempts);
    }

    [Fact]
    public async Task A_read_is_retried_while_it_has_returned_nothing_and_never_after_its_first_event()
    {
        await using var store = new FlakyStore(Quick);
        await store.AppendEventsAsync(Guid.NewGuid(), "Task", [new TaskCreated(), new TaskCompleted()], ExpectedVersion.NoStream);

        store.ReadFailures.Enqueue(0); // fails before its first event, then reads all
        Assert.Equal(2, (await store.ReadAllAsync().ToListAsync()).Count);

        store.ReadFailures.Enqueue(1); // fails after its first event: the caller has it, so the failure is the caller's
        var seen = new List<StoredEvent>();
        await Assert.ThrowsAsync<EventStoreUnavailableException>(async () =>
        {
            await foreach (var e in store.ReadAllAsync())
            {
                seen.Add(e);
            }
        });
        Assert.Single(seen);

        store.ReadFailures.Enqueue(0);
        store.ReadFailures.Enqueue(0);
        Assert.True(await store.EventExistsAsync(seen[0].Event.EventId)); // a read returned whole: retried
        Assert.Equal(6, store.ReadAttempts);
    }

    private enum Fail
    {
        Transient,
        Lasting,
        LoseAnswer,
        StoreThenLoseAnswer,
    }

    // A backend over an in-memory store whose next appends fail as scripted; a read fails after the number of events queued.
    private sealed class FlakyStore(RetryPolicy retries, params Fail[] appends) : EventStoreBase(TestEvents.NewRegistry())
    {
        private readonly Queue<Fail> _appends = new(appends);

        public InMemoryEventStore Inner { get; } = new(TestEvents.NewRegistry());

        public int AppendAttempts { get; private set; }

        public int ReadAttempts { get; private set; }

        public Queue<int> ReadFailures { get; } = new();

        protected override RetryPolicy Retries => retries;

        protected override async Task<Either<AppendRejection, AppendResult>> AppendCoreAsync(AppendRequest request, CancellationToken ct)
        {
            AppendAttempts++;
            await Task.Yield();
            if (!_appends.TryDequeue(out var fail))
            {
                var verdict = await Inner.TryAppendEventsAsync(request.Stream.AggregateId, request.Stream.AggregateType, [.. request.Events], request.ExpectedVersion, ct);
                return verdict.MapLeft(AppendRejection (c) => new AppendRejection.Conflict(c));
            }

            if (fail == Fail.StoreThenLoseAnswer)
            {
                await Inner.TryAppendEventsAsync(request.Stream.AggregateId, request.Stream.AggregateType, [.. request.Events], request.ExpectedVersion, ct);
            }

            throw fail switch
            {
                Fail.Transient => new EventStoreUnavailableException("connection refused", new IOException("connection refused"), isTransient: true),
                Fail.Lasting => new EventStoreUnavailableException("schema missing"),
                _ => new AppendOutcomeUnknownException("commit sent, connection reset", new IOException("connection reset")),
            };
        }

        protected override Task InitializeCoreAsync(CancellationToken ct) => Task.CompletedTask;

        protected override Task<EventStream> GetEventsCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct) =>
            Inner.GetEventsAsync(stream.AggregateId, stream.AggregateType, options.FromPosition, options.FromTimestamp, options.ToTimestamp, ct);

        protected override IAsyncEnumerable<StoredEvent> ReadStreamCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct) =>
            Failing(Inner.ReadStreamAsync(stream.Id, options, ct));

        protected override IAsyncEnumerable<StoredEvent> ReadAllCoreAsync(ReadOptions options, CancellationToken ct) =>
            Failing(Inner.ReadAllAsync(options, ct));

        protected override Task<IReadOnlyList<DomainEvent>> GetEventsByTypeCoreAsync(ReadOptions options, CancellationToken ct) =>
            Inner.GetEventsByTypeAsync(options.AggregateType!, options.TenantId, options.FromTimestamp, ct);

        protected override async Task<bool> EventExistsCoreAsync(Guid eventId, CancellationToken ct)
        {
            await Failing(AsyncEnumerable.Empty<StoredEvent>()).ToListAsync(ct);
            return await Inner.EventExistsAsync(eventId, ct);
        }

        protected override Task<long> GetStreamVersionCoreAsync(StreamKey stream, CancellationToken ct) =>
            Inner.GetStreamVersionAsync(stream.AggregateId, stream.AggregateType, ct);

        protected override Task<long> GetGlobalPositionCoreAsync(CancellationToken ct) => Inner.GetGlobalPositionAsync(ct);

        private async IAsyncEnumerable<StoredEvent> Failing(IAsyncEnumerable<StoredEvent> events)
        {
            ReadAttempts++;
            var failAfter = ReadFailures.TryDequeue(out var n) ? n : int.MaxValue;
            var count = 0;
            if (failAfter == 0)
            {
                throw Lost();
            }

            await foreach (var e in events)
            {
                yield return e;
                if (++count == failAfter)
                {
                    throw Lost();
                }
            }
        }

        private static EventStoreUnavailableException Lost() => new("connection lost", new IOException(), isTransient: true);
    }
}
