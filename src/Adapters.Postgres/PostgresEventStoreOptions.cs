// Settings of a PostgresEventStore: the schema that holds its tables, its registry, its read page size and its retries.
using EventStore.Functional.Postgres.Internal;

namespace EventStore.Functional.Postgres;

/// <summary>Options of <see cref="PostgresEventStore"/> (object-initializer syntax).</summary>
public sealed class PostgresEventStoreOptions
{
    /// <summary>The PostgreSQL schema holding the store's tables (created by <c>InitializeAsync</c> if missing). Default <c>"public"</c>; the system's reserved names (<c>pg_…</c>, <c>information_schema</c>) are refused at construction.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>The event classes the store accepts and decodes; null for <see cref="EventRegistry.Default"/>.</summary>
    public EventRegistry? Registry { get; init; }

    /// <summary>
    /// The most rows one query of a read fetches (<c>ReadAllAsync</c>, <c>ReadStreamAsync</c>, …). Reads are keyset-paged:
    /// pages start at 500 rows and double up to this size. Rows stream from the connection one at a time, so memory
    /// stays bounded whatever the store's size; the page size bounds how long one statement runs and how many rows are
    /// skipped over when a consumer stops early. Default 10,000; between 1 and 1,000,000.
    /// </summary>
    public int ReadPageSize { get; init; } = 10_000;

    /// <summary>
    /// The most append transactions the store runs at once (group commit). An append that finds one free, and its stream
    /// not being written, runs at once on its own; appends that arrive while all are busy wait, and each transaction that
    /// ends takes every waiting append it can and writes them together in one transaction: one feed lock and one WAL flush
    /// for the group, each append still decided on its own as if it ran alone. Concurrent appends to one stream share
    /// commits this way instead of waiting for one each. Default 4; between 1 and 1,024. The store keeps up to this many
    /// connections open between appends and reads (see <see cref="PostgresEventStore"/>); the data source's pool must
    /// allow at least this many besides the concurrent reads.
    /// </summary>
    public int MaxConcurrentAppends { get; init; } = 4;

    /// <summary>
    /// How appends and reads are made again after a transient failure (a connection lost, for example to a server restart
    /// or a terminated backend; the server starting or out of connections): an append is idempotent by event id, so a
    /// retry of one that was in fact stored returns that write's numbers; a read is retried while it has returned nothing.
    /// Default <see cref="RetryPolicy.Default"/> (4 attempts, 100 ms doubling, at most 2 s); <see cref="RetryPolicy.None"/>
    /// reports every failure at once. An append whose COMMIT was sent when the connection failed, and that the retries
    /// could not settle, throws <see cref="AppendOutcomeUnknownException"/>.
    /// </summary>
    public RetryPolicy Retries { get; init; } = RetryPolicy.Default;

    /// <summary>
    /// Test hook: awaited inside an append's transaction after its INSERT (and after the feed lock is released), before
    /// COMMIT. Lets a test hold a write transaction open, or abort it by throwing.
    /// </summary>
    internal Func<CancellationToken, Task>? AfterInsert { get; init; }

    /// <summary>Test hook: rows per chunk of a read's decode-ahead (small values make short test reads use it).</summary>
    internal int ReadChunkRows { get; init; } = PostgresReader.ChunkRows;
}
