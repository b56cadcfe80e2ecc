// How hard SQLite flushes a commit to disk (PRAGMA synchronous): the store's durability setting.
namespace EventStore.Functional.Sqlite;

/// <summary>The value of SQLite's <c>PRAGMA synchronous</c> for the store's connections.</summary>
public enum SqliteSynchronous
{
    /// <summary>No flushes: fastest; a power loss or OS crash can lose commits or corrupt the file. Process crashes are still safe.</summary>
    Off = 0,

    /// <summary>In WAL mode a commit survives a process crash but may be lost (not corrupted) on power loss.</summary>
    Normal = 1,

    /// <summary>The default: every commit is flushed before the append returns, so it survives power loss.</summary>
    Full = 2,

    /// <summary>Like <see cref="Full"/>, plus a directory flush in rollback-journal mode.</summary>
    Extra = 3,
}
