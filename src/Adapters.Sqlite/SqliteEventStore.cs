// The SQLite event store: a thin adapter that supplies AppendFlow's effects and SQLite's reads.
using System.Runtime.CompilerServices;
using EventStore.Functional.Append;
using EventStore.Functional.Reading;
using EventStore.Functional.Sqlite.Internal;
using LanguageExt;
using Microsoft.Data.Sqlite;

namespace EventStore.Functional.Sqlite;

/// <summary>
/// An event store in one SQLite file (or a private <c>:memory:</c> database). Call <see cref="EventStoreBase.InitializeAsync"/>
/// once to create or upgrade the schema. Each append is one <c>BEGIN IMMEDIATE</c> transaction, so it is atomic and
/// appends from every instance and process on the file are serialised: global positions are dense and in commit order.
/// Reads page through the file with bounded memory; in WAL mode (the default) they never wait for a writer.
/// A file locked past <see cref="SqliteEventStoreOptions.BusyTimeout"/> gives <see cref="SqliteStoreBusyException"/>
/// (transient, and not retried by the store: the timeout was its wait; nothing was written); any other SQLite failure
/// an <see cref="EventStoreUnavailableException"/> naming the file. An append honours cancellation until its
/// transaction starts, then runs to its end, so an append that ends cancelled wrote nothing. Thread-safe.
/// </summary>
public sealed partial class SqliteEventStore : EventStoreBase
{
    private readonly SqliteEventStoreOptions _options;
    private readonly SqliteConnections _connections;
    private readonly TimeProvider _clock;

    /// <summary>Creates a store over <see cref="SqliteEventStoreOptions.Database"/>; nothing is opened until first use.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public SqliteEventStore(SqliteEventStoreOptions options) : this(options, TimeProvider.System)
    {
    }

    /// <summary>Creates a store with a clock for <c>StoredAt</c> (for deterministic tests).</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public SqliteEventStore(SqliteEventStoreOptions options, TimeProvider clock) : base(Validated(options, clock).Registry)
    {
        _options = options.Validate();
        _clock = clock;
        _connections = new SqliteConnections(_options);
    }

    // The argument checks, run in the base constructor's argument: the base fixes the registry's JSON options, and a store
    // that cannot be created must not leave its registry fixed.
    private static SqliteEventStoreOptions Validated(SqliteEventStoreOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        return options.Validate();
    }

    /// <summary>The database file (or <c>:memory:</c>).</summary>
    public string Database => _options.Database;

    /// <inheritdoc />
    protected override string StoreName => $"SqliteEventStore('{_options.Database}')";

    /// <summary>Creates the schema or applies missing migrations (idempotent, safe to run from several processes at once).</summary>
    protected override async Task InitializeCoreAsync(CancellationToken ct)
    {
        using var lease = await Lease(write: true, ct).ConfigureAwait(false);
        Guard("initialisation", () => SqliteSchema.Migrate(lease.Session, _options.Database, _clock.GetUtcNow()));
    }

    /// <inheritdoc />
    protected override async Task<Either<AppendRejection, AppendResult>> AppendCoreAsync(AppendRequest request, CancellationToken ct)
    {
        using var lease = await Lease(write: true, ct).ConfigureAwait(false);
        return Guard("append", () =>
        {
            try
            {
                // Synchronous: every step of the SQLite session completes at once, so the flow's task is complete here.
                var flow = AppendFlow.RunAsync(new Appender(lease.Session, Registry), LanguageExt.Prelude.Seq1(request), _clock.GetUtcNow(), CancellationToken.None);
                return flow.GetAwaiter().GetResult().Results[0];
            }
            finally
            {
                lease.Session.RollbackQuietly(); // a refusal, a retry or a failure ends the transaction without writing
            }
        });
    }

    /// <inheritdoc />
    protected override async Task<EventStream> GetEventsCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct)
    {
        var query = ReadSql.For(PositionKind.Stream, options);
        var plain = options.Direction == ReadDirection.Forward && options.Limit is null && !ReadModel.Filters(options);
        using var lease = await Lease(write: false, ct).ConfigureAwait(false);
        return Guard("stream read", () =>
        {
            var session = lease.Session;

            // No filter (every GetEventsAsync without timestamps): one statement, whose last row gives the version. Only
            // when it finds no event (an absent stream, or none after fromVersion) is the version read separately.
            if (plain)
            {
                var found = EventRows.FetchStreamEvents(session, stream, options.FromPosition, Registry, out var last);
                if (found.Count > 0)
                {
                    return new EventStream(stream.AggregateId, stream.AggregateType, found, last);
                }
            }

            session.Execute("BEGIN"); // one snapshot for the version and the events
            try
            {
                var version = StreamVersion(session, stream);
                var events = EventRows.Fetch(session, query, stream.Id, options, options.FromPosition, long.MaxValue, EventRows.Unlimited, Registry);
                return new EventStream(stream.AggregateId, stream.AggregateType, [.. events.Select(e => e.Event)], version);
            }
            finally
            {
                session.RollbackQuietly();
            }
        });
    }

    /// <inheritdoc />
    protected override IAsyncEnumerable<StoredEvent> ReadStreamCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct) =>
        ReadPagesAsync(ReadSql.For(PositionKind.Stream, options), stream.Id, options, ct);

    /// <inheritdoc />
    protected override IAsyncEnumerable<StoredEvent> ReadAllCoreAsync(ReadOptions options, CancellationToken ct) =>
        ReadPagesAsync(ReadSql.For(PositionKind.Global, options), null, options, ct);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<DomainEvent>> GetEventsByTypeCoreAsync(ReadOptions options, CancellationToken ct)
    {
        var events = new List<DomainEvent>();
        await foreach (var stored in ReadAllCoreAsync(options, ct).ConfigureAwait(false))
        {
            events.Add(stored.Event);
        }

        return events;
    }

    /// <inheritdoc />
    protected override async Task<bool> EventExistsCoreAsync(Guid eventId, CancellationToken ct)
    {
        using var lease = await Lease(write: false, ct).ConfigureAwait(false);
        return Guard("event lookup", () =>
        {
            // SQLite's own API, bound by index (as the appender's lookups): the driver's command and reader per call
            // cost about as much as the index seek itself.
            var exists = lease.Session.Native("SELECT 1 FROM events WHERE event_id = ?1");
            try
            {
                exists.Bind(1, eventId);
                return exists.Read();
            }
            finally
            {
                exists.Reset();
            }
        });
    }

    /// <inheritdoc />
    protected override async Task<long> GetStreamVersionCoreAsync(StreamKey stream, CancellationToken ct)
    {
        using var lease = await Lease(write: false, ct).ConfigureAwait(false);
        return Guard("stream version", () => StreamVersion(lease.Session, stream));
    }

    /// <inheritdoc />
    protected override Task<long> GetGlobalPositionCoreAsync(CancellationToken ct) =>
        ScalarAsync("global position", "SELECT COALESCE(MAX(global_position), 0) FROM events", null, ct);

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync() => _connections.DisposeAsync();

    /// <summary>Closes the connections synchronously, once an append in progress in this store has committed (it holds the write session without awaiting).</summary>
    protected override void DisposeCore() => _connections.Dispose();

    private static long StreamVersion(SqliteSession session, StreamKey stream)
    {
        var command = session.Prepared("SELECT stream_position FROM events WHERE stream_id = @stream ORDER BY stream_position DESC LIMIT 1", ["@stream"]);
        command.Parameters[0].Value = stream.Id;
        return command.ExecuteScalar() is long version ? version : 0L;
    }

    private async IAsyncEnumerable<StoredEvent> ReadPagesAsync(ReadQuery query, string? streamId, ReadOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        long remaining = options.Limit ?? long.MaxValue;
        long after = options.FromPosition, before = long.MaxValue;
        while (remaining > 0)
        {
            var size = (int)Math.Min(_options.PageSize, remaining);
            List<StoredEvent> page;
            using (var lease = await Lease(write: false, ct).ConfigureAwait(false))
            {
                page = Guard("read", () => EventRows.Fetch(lease.Session, query, streamId, options, after, before, size, Registry));
            }

            foreach (var stored in page)
            {
                ct.ThrowIfCancellationRequested();
                yield return stored;
            }

            if (page.Count < size)
            {
                yield break;
            }

            remaining -= page.Count;
            var last = ReadModel.PositionOf(page[^1], query.Kind);
            (after, before) = query.Direction == ReadDirection.Forward ? (last, before) : (after, last);
        }
    }

    // A one-value query with at most one parameter, @id.
    private async Task<long> ScalarAsync(string operation, string sql, string? id, CancellationToken ct)
    {
        using var lease = await Lease(write: false, ct).ConfigureAwait(false);
        return Guard(operation, () =>
        {
            var command = lease.Session.Prepared(sql, id is null ? [] : ["@id"]);
            if (id is not null)
            {
                command.Parameters[0].Value = id;
            }

            return command.ExecuteScalar() is long value ? value : 0L;
        });
    }

    private async Task<SessionLease> Lease(bool write, CancellationToken ct)
    {
        ThrowIfDisposed();
        ct.ThrowIfCancellationRequested();
        try
        {
            return await (write ? _connections.WriteAsync(ct) : _connections.ReadAsync(ct)).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            throw new EventStoreClosedException(StoreName);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Translate(ex, _options, "opening the database");
        }
    }

    private T Guard<T>(string operation, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Translate(ex, _options, operation);
        }
    }

    private void Guard(string operation, Action work) => Guard(operation, () =>
    {
        work();
        return 0;
    });
}
