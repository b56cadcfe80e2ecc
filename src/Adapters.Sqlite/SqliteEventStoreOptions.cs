// The settings of a SQLite event store: which file, its journal and durability, its locking patience and registry.
namespace EventStore.Functional.Sqlite;

/// <summary>Options of <see cref="SqliteEventStore"/>.</summary>
public sealed record SqliteEventStoreOptions
{
    /// <summary>The in-memory database name: one private database living as long as the store.</summary>
    public const string InMemory = ":memory:";

    /// <summary>The database file's path (created when missing), or <c>":memory:"</c> for a private in-memory database.</summary>
    public required string Database { get; init; }

    /// <summary>Write-ahead logging (default true): readers never wait for the writer. False keeps the rollback journal.</summary>
    public bool WalMode { get; init; } = true;

    /// <summary>Durability of a commit (default <see cref="SqliteSynchronous.Full"/>: a committed append survives power loss).</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>
    /// How long a call waits for a file locked by another connection or process before failing with
    /// <see cref="SqliteStoreBusyException"/> (default 5 s). Appends wait exactly this long; reads go through
    /// Microsoft.Data.Sqlite, which retries in whole seconds, so a read may wait up to the next whole second.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Events per query of a paged read (default 1024): bounds the memory a read holds at once.</summary>
    public int PageSize { get; init; } = 1024;

    /// <summary>The event classes the store accepts and decodes; null for <see cref="EventRegistry.Default"/>.</summary>
    public EventRegistry? Registry { get; init; }

    /// <summary>Whether <see cref="Database"/> names an in-memory database.</summary>
    public bool IsInMemory => string.Equals(Database, InMemory, StringComparison.Ordinal);

    /// <summary>Checks the options and returns them.</summary>
    /// <exception cref="ArgumentException">An empty database name, a negative busy timeout or a page size below 1.</exception>
    public SqliteEventStoreOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Database))
        {
            throw new ArgumentException("SqliteEventStoreOptions.Database must be a file path or \":memory:\".", nameof(Database));
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout, "SqliteEventStoreOptions.BusyTimeout must be between zero and int.MaxValue milliseconds.");
        }

        if (PageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "SqliteEventStoreOptions.PageSize must be at least 1.");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw new ArgumentOutOfRangeException(nameof(Synchronous), Synchronous, "SqliteEventStoreOptions.Synchronous must be Off, Normal, Full or Extra.");
        }

        return this;
    }
}
