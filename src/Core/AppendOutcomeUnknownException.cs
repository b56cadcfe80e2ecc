// An append whose events may or may not be stored: its write reached the database, whose answer was lost.
namespace EventStore.Functional;

/// <summary>
/// The append's write (its COMMIT, or the one statement that is its transaction) was sent to the database, and the
/// connection failed before the answer came back, so the store cannot tell whether the events were stored; the retries
/// of <see cref="RetryPolicy"/> could not find out either. Nothing is known to have failed: the events may be stored.
/// To find out, append the same batch again (an append is idempotent by event id: if the batch was stored, the call
/// returns that write's <see cref="AppendResult.NewVersion"/> and <see cref="AppendResult.GlobalPosition"/>) or ask
/// <see cref="IEventStore.EventExistsAsync"/>. <see cref="Exception.InnerException"/> is the last attempt's failure,
/// with the backend's message. Every other <see cref="EventStoreUnavailableException"/> from an append means that
/// nothing was written.
/// </summary>
public sealed class AppendOutcomeUnknownException : EventStoreUnavailableException
{
    /// <summary>Creates the exception; a backend raises it for one attempt whose outcome it cannot know.</summary>
    public AppendOutcomeUnknownException(string message, Exception innerException) : base(message, innerException, isTransient: true)
    {
    }
}
