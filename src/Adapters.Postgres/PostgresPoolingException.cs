// The store was given connections that do not keep one server session (a pooler in transaction or statement mode).
using EventStore.Functional.Postgres.Internal;

namespace EventStore.Functional.Postgres;

/// <summary>
/// The data source's connections do not keep one PostgreSQL server session from one statement to the next: a pooler
/// such as PgBouncer in <c>pool_mode = transaction</c> or <c>statement</c>, or a proxy that pools the same way, sits in
/// front of the server. The store's feed lock is a session advisory lock and its statements are prepared on the server,
/// so on such connections it could block every writer or return wrong answers; it refuses to run instead, at
/// <c>InitializeAsync</c> or at its first call, before anything is read or written. Connect directly, or use session
/// pooling (PgBouncer <c>pool_mode = session</c>) for the store's data source.
/// </summary>
public sealed class PostgresPoolingException : EventStoreUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public PostgresPoolingException(string message) : base(message)
    {
    }
}
