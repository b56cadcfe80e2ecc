// `read` (one stream, as a table or JSON lines) and `tail` (the global feed, optionally following it).
using System.CommandLine;
using System.Text.Json;
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Cli.Transfer;

namespace EventStore.Functional.Cli.Commands;

/// <summary>The reading commands.</summary>
internal static class ReadCommands
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Adds the STREAM_ID argument to <paramref name="command"/>.</summary>
    public static Argument<string> StreamArgument(Command command)
    {
        var argument = new Argument<string>("STREAM_ID") { Description = "The stream, '{aggregateId}:{aggregateType}'." };
        command.Add(argument);
        return argument;
    }

    /// <summary>Parses a stream id given on the command line.</summary>
    /// <exception cref="UsageException">It is not '{aggregateId}:{aggregateType}'.</exception>
    public static StreamKey Stream(string? streamId)
    {
        try
        {
            return StreamKey.Parse(streamId);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"malformed stream id '{streamId}'.", "a stream id is '{aggregateId}:{aggregateType}', e.g. 6f9619ff-8b86-d011-b42d-00c04fc964ff:Task (see 'eventstore streams').");
        }
    }

    public static Command Read()
    {
        var command = new Command("read", "A stream's events as a table, or as JSON lines (the export format).");
        var streamId = StreamArgument(command);
        var from = Options.Number("--from", "N", "Only events after stream position N (exclusive; default 0).");
        var backward = Options.Flag("--backward", "Newest first.");
        var limit = Options.Number("--limit", "N", "At most N events.");
        var json = Options.Flag("--json", "Print JSON lines (the export format) instead of a table.");
        foreach (var option in new Option[] { from, backward, limit, json })
        {
            command.Add(option);
        }

        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var stream = Stream(parse.GetValue(streamId));
            var options = new ReadOptions
            {
                FromPosition = parse.GetValue(from) ?? 0,
                Direction = parse.GetValue(backward) ? ReadDirection.Backward : ReadDirection.Forward,
                Limit = (int?)Math.Min(parse.GetValue(limit) ?? int.MaxValue, int.MaxValue),
            };
            var asJson = parse.GetValue(json);
            await using var opened = await store.From(parse).OpenAsync(Format.RawRegistry(), StoreAccess.Read, ct: ct);
            var table = new Table(Console.Out, ("POS", 6), ("GLOBAL", 8), ("EVENT TYPE", -20), ("OCCURRED AT", -27), ("EVENT ID", -36), ("DATA", 0));
            if (!asJson)
            {
                table.Header();
            }

            var count = 0;
            await foreach (var e in opened.Store.ReadStreamAsync(stream.Id, options, ct))
            {
                count++;
                if (asJson)
                {
                    await Console.Out.WriteLineAsync(Json(e));
                }
                else
                {
                    table.Row(e.StreamPosition, e.GlobalPosition, e.EventType, Format.Time(e.Event.OccurredAt), e.EventId, Format.Data(e.Event));
                }
            }

            if (count == 0)
            {
                await Console.Error.WriteLineAsync(await EmptyStreamNoteAsync(opened.Store, stream, options.FromPosition, ct));
            }

            return 0;
        });
        return command;
    }

    public static Command Tail()
    {
        var command = new Command("tail", "The global feed: the last events, or those after --from; with --follow, new events as they commit (Ctrl+C ends it, exit code 0).");
        var from = Options.Number("--from", "POSITION", "Every event after global position POSITION (exclusive).");
        var limit = Options.Number("--limit", "N", "Without --from: the last N events (default 10).");
        command.Add(from);
        command.Add(limit);
        var type = Renamed.AggregateType(command, "Only events of streams of aggregate type TYPE.");
        var tenant = Options.Id("--tenant", "ID", "Only events of tenant ID.");
        var follow = Options.Flag("--follow", "Keep polling (every 200 ms) and print new events as they commit.");
        var json = Options.Flag("--json", "Print JSON lines (the export format) instead of a table.");
        foreach (var option in new Option[] { tenant, follow, json })
        {
            command.Add(option);
        }

        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var aggregateType = InspectCommands.AggregateType(type.Value(parse));
            var filter = new ReadOptions { AggregateType = aggregateType, TenantId = parse.GetValue(tenant) };
            var start = parse.GetValue(from);
            var count = (int)Math.Min(parse.GetValue(limit) ?? 10, int.MaxValue);
            var printer = new FeedPrinter(parse.GetValue(json));
            var following = parse.GetValue(follow);
            await using var opened = await store.From(parse).OpenAsync(Format.RawRegistry(), StoreAccess.Read, ct: ct);
            var events = opened.Store;
            printer.Header();
            try
            {
                long checkpoint;
                if (start is { } position)
                {
                    checkpoint = await printer.PrintAsync(events.ReadAllAsync(filter with { FromPosition = position }, ct), position);
                }
                else
                {
                    // The last `count` events, oldest first; then follow from the head seen before reading them.
                    var head = await events.GetGlobalPositionAsync(ct);
                    var newest = new List<StoredEvent>();
                    await foreach (var e in events.ReadAllAsync(filter with { Direction = ReadDirection.Backward, Limit = count }, ct))
                    {
                        newest.Add(e);
                    }

                    newest.Reverse();
                    checkpoint = Math.Max(head, await printer.PrintAsync(newest.ToAsyncEnumerable(), 0));
                }

                while (following)
                {
                    await Task.Delay(PollInterval, ct);
                    checkpoint = await printer.PrintAsync(events.ReadAllAsync(filter with { FromPosition = checkpoint }, ct), checkpoint);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested && following)
            {
                // Ctrl+C ends a follow cleanly.
            }

            return 0;
        });
        return command;
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

    // Why a read printed nothing; when the stream is absent, the streams this aggregate id does have (a type in other
    // case is the usual slip): one version lookup per aggregate type in the store.
    private static async Task<string> EmptyStreamNoteAsync(IEventStore store, StreamKey stream, long from, CancellationToken ct)
    {
        var version = await store.GetStreamVersionAsync(stream.AggregateId, stream.AggregateType, ct);
        if (version > 0)
        {
            return $"(no events in {stream.Id} after position {from}; its version is {version})";
        }

        var others = new List<string>();
        if (store is IEventStoreInspector inspector)
        {
            foreach (var t in (await inspector.GetStatisticsAsync(ct)).AggregateTypes)
            {
                if (t.AggregateType != stream.AggregateType && await store.GetStreamVersionAsync(stream.AggregateId, t.AggregateType, ct) > 0)
                {
                    others.Add(StreamKey.Format(stream.AggregateId, t.AggregateType));
                }
            }
        }

        return others.Count == 0
            ? $"(stream {stream.Id} is empty: no events for aggregate {stream.AggregateId} in any stream)"
            : $"(stream {stream.Id} is empty; aggregate {stream.AggregateId} has: {string.Join(", ", others)})";
    }
}
