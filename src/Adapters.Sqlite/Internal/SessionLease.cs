// A borrowed session, handed back to its owner on Dispose.
namespace EventStore.Functional.Sqlite.Internal;

/// <summary>A session lent by <see cref="SqliteConnections"/>; dispose it to hand it back.</summary>
internal readonly struct SessionLease(SqliteConnections owner, SqliteSession session, bool writer) : IDisposable
{
    public SqliteSession Session => session;

    public void Dispose() => owner.Return(session, writer);
}
