// `stats` and `streams`: what a store holds, through IEventStoreInspector (no SQL here).
using EventStore.Functional.Cli.CommandLine;

namespace EventStore.Functional.Cli.Commands;

/// <summary>The inspection commands.</summary>
internal static class InspectCommands
{
    public static async Task<int> StatsAsync(Invocation inv, CancellationToken ct)
    {
        var choice = StoreChoice.From(inv);
        await using var opened = await choice.OpenAsync(Format.RawRegistry(), write: false, ct: ct);
        var s = await Inspector(opened).GetStatisticsAsync(ct);
        var o = Console.Out;
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
    }

    public static async Task<int> StreamsAsync(Invocation inv, CancellationToken ct)
    {
        var type = inv.Text("--type");
        if (type is not null)
        {
            Validate(() => StreamKey.ValidateAggregateType(type, "--type"));
        }

        var limit = (int)Math.Min(inv.Number("--limit") ?? 50, int.MaxValue);
        await using var opened = await StoreChoice.From(inv).OpenAsync(Format.RawRegistry(), write: false, ct: ct);
        var streams = await Inspector(opened).ListStreamsAsync(type, limit, ct);
        var width = streams.Select(s => s.StreamId.Length).DefaultIfEmpty(9).Max();
        await Console.Out.WriteLineAsync($"{"STREAM ID".PadRight(width)}  {"VERSION",8}  {"LAST GLOBAL",11}  LAST STORED AT");
        foreach (var s in streams)
        {
            await Console.Out.WriteLineAsync($"{s.StreamId.PadRight(width)}  {s.Version,8}  {s.LastGlobalPosition,11}  {Format.Time(s.LastStoredAt)}");
        }

        return 0;
    }

    /// <summary>Runs a check that throws <see cref="ArgumentException"/> and turns it into a usage error.</summary>
    public static void Validate(Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message.ReplaceLineEndings(" "), "aggregate types are 1 to 255 characters of A-Z, a-z, 0-9, '_', '.' or '-'.");
        }
    }

    private static IEventStoreInspector Inspector(OpenedStore opened) =>
        opened.Store as IEventStoreInspector ?? throw new CliFailure("this store cannot list its contents.", "use a SQLite, PostgreSQL or memory store.");
}
