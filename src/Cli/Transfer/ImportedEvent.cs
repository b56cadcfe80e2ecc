// One parsed export line: the event to append, its stream and position, the StoredAt to reproduce, and its line number.
namespace EventStore.Functional.Cli.Transfer;

/// <summary>An event read from an export file.</summary>
internal sealed record ImportedEvent(StreamKey Stream, long StreamPosition, DateTimeOffset StoredAt, DomainEvent Event, long Line);
