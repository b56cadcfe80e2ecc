// The Task-returning facade shared by every backend: argument checks, the closed-store rule, retries and conflict-to-exception mapping.
using EventStore.Functional.Append;
using EventStore.Functional.Reading;
using EventStore.Functional.Retries;
using LanguageExt;

namespace EventStore.Functional;

/// <summary>
/// Base class of the stores: validates every public call the same way (SPEC §3, §5), turns conflicts into
/// <see cref="OptimisticLockException"/> for <see cref="AppendEventsAsync"/>, rejects calls after disposal, and hands
/// validated requests to the backend's <c>…CoreAsync</c> members, making them again after a transient failure as
/// <see cref="Retries"/> allows. Disposable both ways: <see cref="DisposeAsync"/> and, for callers that can only dispose
/// synchronously (a DI container's <c>Dispose</c>), <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// Retries: an append that failed with a transient <see cref="EventStoreUnavailableException"/> is made again with the
/// same request, which is safe because an append is idempotent by event id (SPEC §3 rule 5: if the failed attempt was in
/// fact stored, the retry writes nothing and returns that write's numbers, listing the batch's ids in
/// <see cref="AppendResult.SkippedEventIds"/>). A read is made again while it has returned nothing. When an attempt sent
/// its write and lost the answer (<see cref="AppendOutcomeUnknownException"/>) and the retries cannot find out, the
/// append throws <see cref="AppendOutcomeUnknownException"/>; any other failure of an append means nothing was written.
/// Cancellation is not a failure: it ends the call at once, and an append cancelled after its write was sent may have
/// been stored (append the same batch again to find out).
/// </remarks>
public abstract class EventStoreBase : IEventStore, IDisposable
{
    private readonly Func<AppendRequest, CancellationToken, Task<Either<AppendRejection, AppendResult>>> _appendAgain;
    private int _disposed;

    /// <summary>
    /// Creates the base with the store's registry (null: <see cref="EventRegistry.Default"/>), whose
    /// <see cref="EventRegistry.JsonOptions"/> are fixed from now on: the store encodes and decodes with them.
    /// </summary>
    protected EventStoreBase(EventRegistry? registry)
    {
        Registry = registry ?? EventRegistry.Default;
        Registry.FixJson(GetType().Name);
        _appendAgain = AppendAgain;
    }

    /// <summary>The registry used to validate appends and decode reads.</summary>
    public EventRegistry Registry { get; }

    /// <summary>A short description of this store for messages (for example its file or schema).</summary>
    protected virtual string StoreName => GetType().Name;

    /// <summary>
    /// How the store retries appends and reads that failed transiently (see the class remarks); <see cref="RetryPolicy.None"/>
    /// unless the backend says otherwise.
    /// </summary>
    protected virtual RetryPolicy Retries => RetryPolicy.None;

    /// <summary>Whether <see cref="DisposeAsync"/> or <see cref="Dispose"/> has been called.</summary>
    protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        return InitializeCoreAsync(ct);
    }

    /// <inheritdoc />
    /// <remarks>Every failure (bad argument, conflict, cancellation, a closed store) is reported through the returned task.</remarks>
    public Task<AppendResult> AppendEventsAsync(Guid aggregateId, string aggregateType, IReadOnlyList<DomainEvent> events, ExpectedVersion expectedVersion, CancellationToken ct = default)
    {
        var pending = StartAppend(aggregateId, aggregateType, events, expectedVersion, ct);

        // A verdict already decided (the in-memory store decides at once) needs no async state machine.
        return pending.IsCompletedSuccessfully && pending.Result.Case is AppendResult ok ? Task.FromResult(ok) : ThrowingRejectionsAsync(pending);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A conflict is the task's value; every other failure (bad argument, unknown event type, duplicate id, cancellation,
    /// a closed store) is reported through the returned task, as by <see cref="AppendEventsAsync"/>, on every backend.
    /// </remarks>
    public Task<Either<ConflictError, AppendResult>> TryAppendEventsAsync(Guid aggregateId, string aggregateType, IReadOnlyList<DomainEvent> events, ExpectedVersion expectedVersion, CancellationToken ct = default)
    {
        var pending = StartAppend(aggregateId, aggregateType, events, expectedVersion, ct);
        return pending.IsCompletedSuccessfully && pending.Result.Case is AppendResult ok
            ? Task.FromResult<Either<ConflictError, AppendResult>>(ok)
            : ConflictsAsValuesAsync(pending);
    }

    // Both appends: the argument checks, then the backend. Whatever fails before the backend returns a task (a bad
    // argument, an unknown type, a closed store, cancellation; in memory, every failure) comes back in the returned
    // task too, so neither append ever throws.
    private Task<Either<AppendRejection, AppendResult>> StartAppend(Guid aggregateId, string aggregateType, IReadOnlyList<DomainEvent> events, ExpectedVersion expectedVersion, CancellationToken ct)
    {
        try
        {
            ThrowIfDisposed();
            var request = AppendRequest.Create(aggregateId, aggregateType, events, expectedVersion, Registry);
            ct.ThrowIfCancellationRequested();
            var first = AppendCoreAsync(request, ct);

            // Even with one attempt, a failure goes through the loop: it alone says which append's outcome is unknown.
            return first.IsCompletedSuccessfully ? first : RetryLoop.AppendAsync(Retries, request, first, _appendAgain, ct);
        }
        catch (Exception e)
        {
            return FailedAsync(e);
        }
    }

    // A retry's attempt: the store may have been disposed, or the caller may have cancelled, while the loop waited.
    private Task<Either<AppendRejection, AppendResult>> AppendAgain(AppendRequest request, CancellationToken ct)
    {
        ThrowIfDisposed();
        ct.ThrowIfCancellationRequested();
        return AppendCoreAsync(request, ct);
    }

    // A read returned whole, made again after a transient failure.
    private Task<T> Retried<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var retries = Retries;
        return retries.MaxAttempts == 1 ? call(ct) : RetryLoop.RunAsync(retries, call, ct);
    }

    // A read that yields, opened again after a transient failure while it has yielded nothing.
    private IAsyncEnumerable<T> Retried<T>(Func<CancellationToken, IAsyncEnumerable<T>> open, CancellationToken ct)
    {
        var retries = Retries;
        return retries.MaxAttempts == 1 ? open(ct) : RetryLoop.ReadAsync(retries, open, ct);
    }

    // A failure as an async method reports it: an OperationCanceledException ends the task Canceled, any other faults it.
    private static async Task<Either<AppendRejection, AppendResult>> FailedAsync(Exception e) =>
        await Task.FromException<Either<AppendRejection, AppendResult>>(e).ConfigureAwait(false);

    // AppendEventsAsync: every refusal is an exception (OptimisticLockException, DuplicateEventException).
    private static async Task<AppendResult> ThrowingRejectionsAsync(Task<Either<AppendRejection, AppendResult>> pending)
    {
        var result = await pending.ConfigureAwait(false);
        return result.Match(Right: ok => ok, Left: rejection => throw rejection.ToException());
    }

    // TryAppendEventsAsync: a conflict is a value; a duplicate elsewhere is DuplicateEventException.
    private static async Task<Either<ConflictError, AppendResult>> ConflictsAsValuesAsync(Task<Either<AppendRejection, AppendResult>> pending)
    {
        var result = await pending.ConfigureAwait(false);
        return result.Case switch
        {
            AppendResult ok => ok,
            AppendRejection.Conflict conflict => conflict.Error,
            AppendRejection rejection => throw rejection.ToException(),
            _ => throw new InvalidOperationException($"Unknown append outcome {result}."),
        };
    }

    /// <inheritdoc />
    public Task<EventStream> GetEventsAsync(Guid aggregateId, string aggregateType, long fromVersion = 0, DateTimeOffset? fromTimestamp = null, DateTimeOffset? toTimestamp = null, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var stream = StreamKey.Create(aggregateId, aggregateType);
        ArgumentOutOfRangeException.ThrowIfNegative(fromVersion);
        var model = ReadModel.ForGetEvents(fromVersion, fromTimestamp, toTimestamp);
        return Retried(c => GetEventsCoreAsync(stream, model, c), ct);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StoredEvent> ReadStreamAsync(string streamId, ReadOptions? options = null, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var stream = StreamKey.Parse(streamId);
        var validated = Validate(options);
        return Retried(c => ReadStreamCoreAsync(stream, validated, c), ct);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<StoredEvent> ReadAllAsync(ReadOptions? options = null, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var validated = Validate(options);
        return Retried(c => ReadAllCoreAsync(validated, c), ct);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DomainEvent>> GetEventsByTypeAsync(string aggregateType, Guid? tenantId = null, DateTimeOffset? fromTimestamp = null, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        StreamKey.ValidateAggregateType(aggregateType);
        var model = ReadModel.ForGetEventsByType(aggregateType, tenantId, fromTimestamp);
        return Retried(c => GetEventsByTypeCoreAsync(model, c), ct);
    }

    /// <inheritdoc />
    public Task<bool> EventExistsAsync(Guid eventId, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        return Retried(c => EventExistsCoreAsync(eventId, c), ct);
    }

    /// <inheritdoc />
    public Task<long> GetStreamVersionAsync(Guid aggregateId, string aggregateType, CancellationToken ct = default)
    {
        ThrowIfDisposed();
        var stream = StreamKey.Create(aggregateId, aggregateType);
        return Retried(c => GetStreamVersionCoreAsync(stream, c), ct);
    }

    /// <inheritdoc />
    public Task<long> GetGlobalPositionAsync(CancellationToken ct = default)
    {
        ThrowIfDisposed();
        return Retried(GetGlobalPositionCoreAsync, ct);
    }

    /// <summary>Closes the store; later calls throw <see cref="EventStoreClosedException"/>. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Closes the store synchronously, never blocking on a task (see the backend's remarks for what it does not wait for,
    /// and what it may wait for: SQLite waits for an append that holds its write lock, at most its busy timeout); later
    /// calls throw <see cref="EventStoreClosedException"/>. Idempotent, and a no-op after
    /// <see cref="DisposeAsync"/>. Prefer <see cref="DisposeAsync"/> where the caller can await.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        DisposeCore();
        GC.SuppressFinalize(this);
    }

    // The options of either read, checked the same way: ranges, direction, and an aggregate type filter that can match a stream.
    private static ReadOptions Validate(ReadOptions? options)
    {
        var validated = (options ?? ReadOptions.Default).Validate();
        if (validated.AggregateType is not null)
        {
            StreamKey.ValidateAggregateType(validated.AggregateType, nameof(options));
        }

        return validated;
    }

    /// <summary>Throws <see cref="EventStoreClosedException"/> once the store is disposed.</summary>
    protected void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new EventStoreClosedException(StoreName);
        }
    }

    /// <summary>Creates or migrates the schema.</summary>
    protected abstract Task InitializeCoreAsync(CancellationToken ct);

    /// <summary>
    /// Appends a validated request: a backend runs <see cref="AppendFlow"/> on an <see cref="IAppendSession"/> of its own
    /// (or <see cref="AppendDecider.Decide"/> directly, when it decides in memory) and answers with its verdict;
    /// a refusal is a value (<c>Left</c>), which the base maps for each facade.
    /// </summary>
    protected abstract Task<Either<AppendRejection, AppendResult>> AppendCoreAsync(AppendRequest request, CancellationToken ct);

    /// <summary>The stream's events passing <paramref name="options"/> (forward), with its current version.</summary>
    protected abstract Task<EventStream> GetEventsCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct);

    /// <summary>A stream read with validated options.</summary>
    protected abstract IAsyncEnumerable<StoredEvent> ReadStreamCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct);

    /// <summary>A global-feed read with validated options.</summary>
    protected abstract IAsyncEnumerable<StoredEvent> ReadAllCoreAsync(ReadOptions options, CancellationToken ct);

    /// <summary>The events of a global read with <paramref name="options"/> (type, tenant, time), seeing every committed event.</summary>
    protected abstract Task<IReadOnlyList<DomainEvent>> GetEventsByTypeCoreAsync(ReadOptions options, CancellationToken ct);

    /// <summary>Whether the id is stored.</summary>
    protected abstract Task<bool> EventExistsCoreAsync(Guid eventId, CancellationToken ct);

    /// <summary>The stream's version.</summary>
    protected abstract Task<long> GetStreamVersionCoreAsync(StreamKey stream, CancellationToken ct);

    /// <summary>The head of the global feed.</summary>
    protected abstract Task<long> GetGlobalPositionCoreAsync(CancellationToken ct);

    /// <summary>Releases what the store opened.</summary>
    protected virtual ValueTask DisposeCoreAsync() => default;

    /// <summary>
    /// Releases what the store opened, synchronously and without waiting on a task (no sync-over-async): a backend that
    /// overrides <see cref="DisposeCoreAsync"/> overrides this too.
    /// </summary>
    protected virtual void DisposeCore()
    {
    }
}
