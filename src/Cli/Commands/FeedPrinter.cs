// How `tail` prints the feed: a table with a header and aligned columns, or JSON lines (the export format).
namespace EventStore.Functional.Cli.Commands;

/// <summary>Prints feed events as table rows or JSON lines and reports the last position printed.</summary>
internal sealed class FeedPrinter(bool json)
{
    private readonly Table _table = new(Console.Out, ("GLOBAL", 8), ("STREAM ID", -50), ("VERSION", 7), ("EVENT TYPE", -20), ("OCCURRED AT", -27), ("DATA", 0));

    /// <summary>The table's header (nothing for JSON lines).</summary>
    public void Header()
    {
        if (!json)
        {
            _table.Header();
            Console.Out.Flush();
        }
    }

    /// <summary>Prints <paramref name="events"/> and returns the last global position printed (else <paramref name="checkpoint"/>).</summary>
    public async Task<long> PrintAsync(IAsyncEnumerable<StoredEvent> events, long checkpoint)
    {
        await foreach (var e in events)
        {
            if (json)
            {
                await Console.Out.WriteLineAsync(ReadCommands.Json(e));
            }
            else
            {
                _table.Row(e.GlobalPosition, e.StreamId, e.StreamPosition, e.EventType, Format.Time(e.Event.OccurredAt), Format.Data(e.Event));
            }

            checkpoint = e.GlobalPosition;
        }

        await Console.Out.FlushAsync();
        return checkpoint;
    }
}
