// Thrown when an appended event id is already stored in a different stream.
namespace EventStore.Functional;

/// <summary>An appended event's id is already stored in a different stream. Nothing was written.</summary>
public sealed class DuplicateEventException : EventStoreException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateEventException(Guid eventId, string existingStreamId, string attemptedStreamId)
        : base($"Event {eventId:D} is already stored in stream '{existingStreamId}'; it cannot be appended to stream '{attemptedStreamId}'.")
    {
        EventId = eventId;
        ExistingStreamId = existingStreamId;
        AttemptedStreamId = attemptedStreamId;
    }

    /// <summary>The duplicated event id.</summary>
    public Guid EventId { get; }

    /// <summary>The stream that already holds the id.</summary>
    public string ExistingStreamId { get; }

    /// <summary>The stream the append targeted.</summary>
    public string AttemptedStreamId { get; }
}
