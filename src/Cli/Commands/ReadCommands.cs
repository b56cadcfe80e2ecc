// `read` (one stream, as a table or JSON lines) and `tail` (the global feed, optionally following it).
using System.Text.Json;
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Cli.Transfer;

namespace EventStore.Functional.Cli.Commands;

/// <summary>The reading commands.</summary>
internal static class ReadCommands
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<int> ReadAsync(Invocation inv, CancellationToken ct)
    {
        var streamId = inv.Arguments[0];
        try
        {
            StreamKey.Parse(streamId);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"malformed stream id '{streamId}'.", "a stream id is '{aggregateId}:{aggregateType}', e.g. 6f9619ff-8b86-d011-b42d-00c04fc964ff:Task (see 'eventstore streams').");
        }

        var options = new ReadOptions
        {
            FromPosition = inv.Number("--from") ?? 0,
            Direction = inv.Has("--backward") ? ReadDirection.Backward : ReadDirection.Forward,
            Limit = (int?)inv.Number("--limit"),
        };
        await using var opened = await StoreChoice.From(inv).OpenAsync(Format.RawRegistry(), write: false, ct: ct);
        var json = inv.Has("--json");
        if (!json)
        {
            await Console.Out.WriteLineAsync($"{"POS",6}  {"GLOBAL",8}  {"EVENT TYPE",-20}  {"OCCURRED AT",-27}  {"EVENT ID",-36}  DATA");
        }

        var count = 0;
        await foreach (var e in opened.Store.ReadStreamAsync(streamId, options, ct))
        {
            count++;
            await Console.Out.WriteLineAsync(json ? Json(e) : $"{e.StreamPosition,6}  {e.GlobalPosition,8}  {e.EventType,-20}  {Format.Time(e.Event.OccurredAt),-27}  {e.EventId}  {Format.Data(e.Event)}");
        }

        if (count == 0 && !json)
        {
            await Console.Error.WriteLineAsync($"(no events in {streamId} after position {options.FromPosition})");
        }

        return 0;
    }

    public static async Task<int> TailAsync(Invocation inv, CancellationToken ct)
    {
        var type = inv.Text("--type");
        if (type is not null)
        {
            InspectCommands.Validate(() => StreamKey.ValidateAggregateType(type, "--type"));
        }

        var filter = new ReadOptions { AggregateType = type, TenantId = inv.Id("--tenant") };
        var from = inv.Number("--from");
        var limit = (int)Math.Min(inv.Number("--limit") ?? 10, int.MaxValue);
        var json = inv.Has("--json");
        await using var opened = await StoreChoice.From(inv).OpenAsync(Format.RawRegistry(), write: false, ct: ct);
        var store = opened.Store;
        long checkpoint;
        try
        {
            if (from is { } start)
            {
                checkpoint = await PrintAsync(store.ReadAllAsync(filter with { FromPosition = start }, ct), start, json);
            }
            else
            {
                // The last `limit` events, oldest first; then follow from the head seen before reading them.
                var head = await store.GetGlobalPositionAsync(ct);
                var newest = new List<StoredEvent>();
                await foreach (var e in store.ReadAllAsync(filter with { Direction = ReadDirection.Backward, Limit = limit }, ct))
                {
                    newest.Add(e);
                }

                newest.Reverse();
                checkpoint = Math.Max(head, await PrintAsync(newest.ToAsyncEnumerable(), 0, json));
            }

            while (inv.Has("--follow"))
            {
                await Task.Delay(PollInterval, ct);
                checkpoint = await PrintAsync(store.ReadAllAsync(filter with { FromPosition = checkpoint }, ct), checkpoint, json);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested && inv.Has("--follow"))
        {
            // Ctrl+C ends a follow cleanly.
        }

        return 0;
    }

    /// <summary>One event as an export line.</summary>
    public static string Json(StoredEvent e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            EventLine.Write(w, e);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static async Task<long> PrintAsync(IAsyncEnumerable<StoredEvent> events, long checkpoint, bool json)
    {
        await foreach (var e in events)
        {
            await Console.Out.WriteLineAsync(json ? Json(e) : $"{e.GlobalPosition,8}  {e.StreamId}  v{e.StreamPosition,-5}  {e.EventType,-20}  {Format.Time(e.Event.OccurredAt)}  {Format.Data(e.Event)}");
            checkpoint = e.GlobalPosition;
        }

        await Console.Out.FlushAsync();
        return checkpoint;
    }
}
