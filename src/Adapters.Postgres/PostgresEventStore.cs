// The PostgreSQL store: a thin adapter over a caller-owned NpgsqlDataSource; the core decides, SQL persists and reads.
using System.Text;
using EventStore.Functional.Append;
using LanguageExt;
using Npgsql;

using EventStore.Functional.Postgres.Internal;

namespace EventStore.Functional.Postgres;

/// <summary>
/// An event store in a PostgreSQL schema, for several application servers sharing one database.
/// <para>
/// Appends are one transaction each, or under load one transaction for several (group commit: see
/// <see cref="PostgresEventStoreOptions.MaxConcurrentAppends"/>), and only the pure core decides them. With <c>NoStream</c>
/// or an exact expected version the core decides on the facts that expectation implies (the stream at that version, none
/// of the batch's ids stored) and one statement inserts the decision, under a per-stream advisory lock, only if the
/// database confirms those facts; otherwise nothing is written and the append takes the general path. That path takes
/// two round trips: the stream's version and the batch's known ids are read under the stream lock, the core decides, and
/// the insert runs. Either way the insert runs inside a short critical section so global positions follow
/// transaction-id order.
/// Concurrent appends to one stream are serialised (with <c>Any</c> they all succeed); a conflict draws no position.
/// </para>
/// <para>
/// The global feed (<see cref="EventStoreBase.ReadAllAsync"/>, <see cref="EventStoreBase.GetGlobalPositionAsync"/>)
/// shows only the prefix of positions that no running transaction can still add to, so a consumer that resumes from the
/// last position it processed never skips an event; an event can reach the feed a moment after its append returned while
/// an older write transaction is still open (see <c>docs/postgres-feed.md</c>). Every other read sees each committed
/// event at once. Positions may have gaps where a transaction that drew them aborted.
/// </para>
/// <para>Appends and reads run on connections the store keeps open between calls (at most
/// <see cref="PostgresEventStoreOptions.MaxConcurrentAppends"/>, and fewer than the pool's <c>Maximum Pool Size</c>;
/// one unused for the data source's <c>Connection Pruning Interval</c> goes back to the pool), so Npgsql's reset of a
/// pooled connection is not paid per call. They are never enlisted in an ambient
/// <see cref="System.Transactions.TransactionScope"/>: an append is always its own transaction, a read sees what is
/// committed.</para>
/// <para>A transient failure (a connection lost to a server restart or a terminated backend, the server starting up) is
/// retried as <see cref="PostgresEventStoreOptions.Retries"/> allows: an append with the same request (idempotent by event
/// id, so one that was in fact stored returns that write's numbers), a read while it has returned nothing. An append
/// that still fails with <see cref="PostgresUnavailableException"/> wrote nothing; one whose COMMIT was sent when the
/// connection failed, and that no retry could settle, throws <see cref="AppendOutcomeUnknownException"/>. Cancellation is
/// honoured at once; an append cancelled after its write was sent may have been stored, and one written in a group with
/// others is written whatever its token says (see <c>docs/postgres-feed.md</c>).</para>
/// <para>The data source stays the caller's: disposing the store does not dispose it. <see cref="EventStoreBase.DisposeAsync"/>
/// waits for the appends the store already accepted (running, or waiting to be written with others) to finish, then
/// returns the kept connections to the data source; the synchronous <see cref="EventStoreBase.Dispose"/> returns them at
/// once and lets accepted appends finish on their own. Later calls throw <see cref="EventStoreClosedException"/>.</para>
/// </summary>
public sealed partial class PostgresEventStore : EventStoreBase
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSql _sql;
    private readonly KeptConnections _connections;
    private readonly GroupCommit _appends;
    private readonly PostgresReader _reader;
    private readonly RetryPolicy _retries;
    private readonly string _name;

    /// <summary>Creates a store over <paramref name="dataSource"/>; call <see cref="EventStoreBase.InitializeAsync"/> once before use.</summary>
    /// <param name="dataSource">The caller's data source (connection pool); not disposed by the store.</param>
    /// <param name="options">Schema, registry and page size; null for the defaults (schema <c>public</c>).</param>
    /// <exception cref="ArgumentException">The schema name is empty, longer than 63 bytes or reserved (<c>pg_…</c>, <c>information_schema</c>), the page size or the retry policy is out of range, or the data source multiplexes.</exception>
    public PostgresEventStore(NpgsqlDataSource dataSource, PostgresEventStoreOptions? options = null) : base(Validate(dataSource, options).Registry)
    {
        options ??= new PostgresEventStoreOptions();
        var schema = options.Schema;
        _retries = options.Retries!.Validate(); // checked by Validate
        var where = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);

        _dataSource = dataSource;
        _sql = new PostgresSql(schema);
        _connections = new KeptConnections(dataSource, options.MaxConcurrentAppends);
        _name = $"PostgresEventStore(schema {_sql.QuotedSchema} on {where.Host}:{where.Port}/{where.Database})";
        _appends = new GroupCommit(new PostgresAppender(_connections, _sql, Registry, _name, options.AfterInsert), options.MaxConcurrentAppends, () => Clock.GetUtcNow());
        _reader = new PostgresReader(_connections, _sql, Registry, options.ReadPageSize, options.ReadChunkRows);
    }

    // Every argument check, run in the base constructor's argument: the base fixes the registry's JSON options, and a store
    // that cannot be created must not leave its registry fixed.
    private static PostgresEventStoreOptions Validate(NpgsqlDataSource dataSource, PostgresEventStoreOptions? options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options ??= new PostgresEventStoreOptions();
        var schema = options.Schema;
        if (string.IsNullOrEmpty(schema) || Encoding.UTF8.GetByteCount(schema) > 63 || schema.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid schema name '{schema}': it must be 1 to 63 bytes (PostgreSQL's identifier limit) without NUL characters.", nameof(options));
        }

        // PostgreSQL refuses to create a schema named pg_… (42939) and information_schema is the system's: InitializeAsync
        // would fail every time with what looks like an infrastructure error, so a retry loop would spin.
        if (schema.StartsWith("pg_", StringComparison.Ordinal) || schema == "information_schema")
        {
            throw new ArgumentException(
                $"Invalid schema name '{schema}': names starting with 'pg_' and 'information_schema' are reserved for PostgreSQL's system schemas. Choose another schema.", nameof(options));
        }

        if (options.ReadPageSize is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ReadPageSize, "ReadPageSize must be between 1 and 1,000,000.");
        }

        if (options.MaxConcurrentAppends is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrentAppends, "MaxConcurrentAppends must be between 1 and 1,024.");
        }

        try
        {
            _ = (options.Retries ?? throw new ArgumentNullException(nameof(options), "PostgresEventStoreOptions.Retries must not be null.")).Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentOutOfRangeException(nameof(options), ex.ActualValue, ex.Message);
        }

        if (new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Multiplexing)
        {
            throw new ArgumentException("The data source uses multiplexing; an append needs one physical session (its feed lock is a session lock). Use a data source without Multiplexing=true.", nameof(dataSource));
        }
        return options;
    }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema => _sql.Schema;

    /// <summary>Test seam: group commit, whose counters tell which path each append took and how many were grouped.</summary>
    internal GroupCommit Appends => _appends;

    /// <summary>Test seam: the connections kept open between appends and reads.</summary>
    internal KeptConnections Connections => _connections;

    /// <summary>Test seam: how many appends wait for a writer (group commit).</summary>
    internal int WaitingAppends => _appends.Waiting;

    /// <summary>The clock that stamps <c>StoredAt</c> (the application server's, UTC). Replaceable in tests.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <inheritdoc />
    protected override string StoreName => _name;

    /// <summary>The options' <see cref="PostgresEventStoreOptions.Retries"/>.</summary>
    protected override RetryPolicy Retries => _retries;

    /// <summary>Creates the schema if missing and creates or upgrades the tables (idempotent; safe from several servers at once).</summary>
    /// <exception cref="PostgresPoolingException">The data source's connections do not keep their server session (a pooler in transaction mode).</exception>
    protected override async Task InitializeCoreAsync(CancellationToken ct)
    {
        await SessionCheckAsync(ct).ConfigureAwait(false);
        await PostgresErrors.Guard(StoreName, async () =>
        {
            await PostgresSchema.MigrateAsync(_dataSource, _sql, ct).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override Task<Either<AppendRejection, AppendResult>> AppendCoreAsync(AppendRequest request, CancellationToken ct) =>
        Checked(ct, () => _appends.AppendAsync(request, ct)); // the appender translates its failures

    /// <summary>
    /// Waits for the appends already accepted (running or waiting for a writer) to finish, then returns the connections
    /// kept open between calls to the data source, which stays the caller's.
    /// </summary>
    protected override async ValueTask DisposeCoreAsync()
    {
        await _appends.DrainAsync().ConfigureAwait(false);
        await _connections.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Returns the kept connections to the data source without waiting for anything: appends already accepted are not
    /// waited for (that would block a thread on their tasks); they still finish, on connections of their own that go back
    /// to the pool when they end. Use <see cref="EventStoreBase.DisposeAsync"/> to wait for them.
    /// </summary>
    protected override void DisposeCore() => _connections.Dispose();

    /// <inheritdoc />
    protected override Task<EventStream> GetEventsCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct) =>
        Checked(ct, () => PostgresErrors.Guard(StoreName, () => _reader.GetEventsAsync(stream, options, ct)));

    /// <inheritdoc />
    protected override IAsyncEnumerable<StoredEvent> ReadStreamCoreAsync(StreamKey stream, ReadOptions options, CancellationToken ct) =>
        Checked(PostgresErrors.Guard(StoreName, _reader.ReadAsync(stream, options, feedPrefix: false, before: null, ct), ct), ct);

    /// <summary>The feed: only the safe prefix (rows whose transaction id is below every running transaction's), in position order.</summary>
    protected override IAsyncEnumerable<StoredEvent> ReadAllCoreAsync(ReadOptions options, CancellationToken ct) =>
        Checked(PostgresErrors.Guard(StoreName, _reader.ReadAsync(null, options, feedPrefix: true, before: null, ct), ct), ct);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<DomainEvent>> GetEventsByTypeCoreAsync(ReadOptions options, CancellationToken ct) =>
        Checked(ct, () => PostgresErrors.Guard<IReadOnlyList<DomainEvent>>(StoreName, async () =>
        {
            var events = new List<DomainEvent>();
            await foreach (var e in _reader.ReadAsync(null, options, feedPrefix: false, before: null, ct).ConfigureAwait(false))
            {
                events.Add(e.Event);
            }

            return events;
        }));

    /// <inheritdoc />
    protected override Task<bool> EventExistsCoreAsync(Guid eventId, CancellationToken ct) =>
        Checked(ct, () => PostgresErrors.Guard(StoreName, async () => await ScalarAsync(_sql.EventExists, ct, eventId).ConfigureAwait(false) is true));

    /// <inheritdoc />
    protected override Task<long> GetStreamVersionCoreAsync(StreamKey stream, CancellationToken ct) =>
        Checked(ct, () => PostgresErrors.Guard(StoreName, async () => (long)(await ScalarAsync(_sql.StreamVersion, ct, stream.AggregateId, stream.AggregateType).ConfigureAwait(false))!));

    /// <summary>The head of the feed's safe prefix: the highest position <see cref="EventStoreBase.ReadAllAsync"/> returns now.</summary>
    protected override Task<long> GetGlobalPositionCoreAsync(CancellationToken ct) =>
        Checked(ct, () => PostgresErrors.Guard(StoreName, async () => await ScalarAsync(_sql.FeedHead, ct).ConfigureAwait(false) as long? ?? 0L));

    private Task<object?> ScalarAsync(string text, CancellationToken ct, params object[] args) =>
        _connections.RunAsync(async conn =>
        {
            var cmd = new NpgsqlCommand(text, conn);
            await using (cmd.ConfigureAwait(false))
            {
                foreach (var arg in args)
                {
                    cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
                }

                await cmd.PrepareAsync(ct).ConfigureAwait(false);
                return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
            }
        }, ct);
}
