// `stats` and `streams`: what a store holds, through IEventStoreInspector (no SQL here), as text or JSON.
using System.CommandLine;
using System.Text.Json;
using EventStore.Functional.Cli.CommandLine;

namespace EventStore.Functional.Cli.Commands;

/// <summary>The inspection commands.</summary>
internal static class InspectCommands
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static Command Stats()
    {
        var command = new Command("stats", "Events, streams, aggregate types with their counts, global position, first/last StoredAt, size.");
        var json = Options.Flag("--json", "Print one JSON object instead of text.");
        command.Add(json);
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var choice = store.From(parse);
            await using var opened = await choice.OpenAsync(Format.RawRegistry(), StoreAccess.Read, ct: ct);
            var s = await Inspector(opened).GetStatisticsAsync(ct);
            var o = Console.Out;
            if (parse.GetValue(json))
            {
                await o.WriteLineAsync(JsonSerializer.Serialize(new { store = choice.Describe(), s.Events, s.Streams, s.GlobalPosition, s.FirstStoredAt, s.LastStoredAt, s.SizeBytes, s.AggregateTypes }, JsonOptions));
                return 0;
            }

            await o.WriteLineAsync($"Store:            {choice.Describe()}");
            await o.WriteLineAsync($"Events:           {Format.Number(s.Events)}");
            await o.WriteLineAsync($"Streams:          {Format.Number(s.Streams)}");
            await o.WriteLineAsync($"Global position:  {Format.Number(s.GlobalPosition)}");
            await o.WriteLineAsync($"First stored at:  {Format.Time(s.FirstStoredAt)}");
            await o.WriteLineAsync($"Last stored at:   {Format.Time(s.LastStoredAt)}");
            await o.WriteLineAsync($"Size:             {Format.Size(s.SizeBytes)}");
            await o.WriteLineAsync("Aggregate types:" + (s.AggregateTypes.Count == 0 ? "  (none)" : ""));
            var width = s.AggregateTypes.Select(t => t.AggregateType.Length).DefaultIfEmpty(0).Max();
            foreach (var t in s.AggregateTypes)
            {
                await o.WriteLineAsync($"  {t.AggregateType.PadRight(width)}  {Format.Number(t.Streams),12} streams  {Format.Number(t.Events),14} events");
            }

            return 0;
        });
        return command;
    }

    public static Command Streams()
    {
        var command = new Command("streams", "Streams with their versions, newest first.");
        var type = Renamed.AggregateType(command, "Only streams of aggregate type TYPE.");
        var limit = Options.Number("--limit", "N", "At most N streams (default 50).");
        var json = Options.Flag("--json", "Print JSON lines, one stream a line, instead of a table.");
        command.Add(limit);
        command.Add(json);
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var aggregateType = AggregateType(type.Value(parse));
            var count = (int)Math.Min(parse.GetValue(limit) ?? 50, int.MaxValue);
            await using var opened = await store.From(parse).OpenAsync(Format.RawRegistry(), StoreAccess.Read, ct: ct);
            var streams = await Inspector(opened).ListStreamsAsync(aggregateType, count, ct);
            if (parse.GetValue(json))
            {
                foreach (var s in streams)
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(s, JsonOptions));
                }

                return 0;
            }

            var width = streams.Select(s => s.StreamId.Length).DefaultIfEmpty(9).Max();
            var table = new Table(Console.Out, ("STREAM ID", -width), ("VERSION", 8), ("LAST GLOBAL", 11), ("LAST STORED AT", 0));
            table.Header();
            foreach (var s in streams)
            {
                table.Row(s.StreamId, s.Version, s.LastGlobalPosition, Format.Time(s.LastStoredAt));
            }

            return 0;
        });
        return command;
    }

    /// <summary>An aggregate type filter given on the command line (null: none).</summary>
    /// <exception cref="UsageException">It is not a valid aggregate type.</exception>
    public static string? AggregateType(string? type)
    {
        try
        {
            return type is null ? null : StreamKey.ValidateAggregateType(type, "--aggregate-type");
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message.Replace(" (Parameter '--aggregate-type')", "", StringComparison.Ordinal).ReplaceLineEndings(" "), "aggregate types are 1 to 255 characters of A-Z, a-z, 0-9, '_', '.' or '-'.");
        }
    }

    private static IEventStoreInspector Inspector(OpenedStore opened) =>
        opened.Store as IEventStoreInspector ?? throw new CliFailure("this store cannot list its contents.", "use a SQLite, PostgreSQL or memory store.");
}
