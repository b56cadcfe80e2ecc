// One parsed export line: the event to append, its stream and position, and the StoredAt to reproduce.
namespace EventStore.Functional.Cli.Transfer;

/// <summary>An event read from an export file.</summary>
internal sealed record ImportedEvent(StreamKey Stream, long StreamPosition, DateTimeOffset StoredAt, DomainEvent Event);
