// Settings of a PostgresEventStore: the schema that holds its tables, its registry and its read page size.
namespace EventStore.Functional.Postgres;

/// <summary>Options of <see cref="PostgresEventStore"/> (object-initializer syntax).</summary>
public sealed class PostgresEventStoreOptions
{
    /// <summary>The PostgreSQL schema holding the store's tables (created by <c>InitializeAsync</c> if missing). Default <c>"public"</c>.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>The event classes the store accepts and decodes; null for <see cref="EventRegistry.Default"/>.</summary>
    public EventRegistry? Registry { get; init; }

    /// <summary>
    /// Rows fetched per query by the lazy reads (<c>ReadAllAsync</c>, <c>ReadStreamAsync</c>, …): memory stays bounded by
    /// one page whatever the store's size. Default 1000; between 1 and 100,000.
    /// </summary>
    public int ReadPageSize { get; init; } = 1000;

    /// <summary>
    /// Test hook: awaited inside an append's transaction after its INSERT (and after the feed lock is released), before
    /// COMMIT. Lets a test hold a write transaction open, or abort it by throwing.
    /// </summary>
    internal Func<CancellationToken, Task>? AfterInsert { get; init; }
}
