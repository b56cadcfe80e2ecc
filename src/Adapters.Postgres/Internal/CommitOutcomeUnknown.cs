// Marks a driver failure of an append's commit step: the write was sent and its answer lost, so it may be stored.
namespace EventStore.Functional.Postgres.Internal;

/// <summary>
/// Raised inside the adapter, wrapping the driver's exception, when the connection failed after an append's COMMIT (or
/// its one autocommit statement) was sent and before the server's answer arrived; <see cref="PostgresErrors.Map"/>
/// turns it into <see cref="AppendOutcomeUnknownException"/>. Never seen by callers.
/// </summary>
internal sealed class CommitOutcomeUnknown(Exception driverFailure)
    : Exception("The connection failed after the append's commit was sent; the events may or may not be stored.", driverFailure);
