// Where an already-stored event id lives: what the append decision needs to know about the batch's ids.
namespace EventStore.Functional.Append;

/// <summary>Where a stored event lives.</summary>
/// <param name="StreamId">Its stream id.</param>
/// <param name="StreamPosition">Its position in that stream.</param>
/// <param name="GlobalPosition">Its global position.</param>
public sealed record EventLocation(string StreamId, long StreamPosition, long GlobalPosition);
