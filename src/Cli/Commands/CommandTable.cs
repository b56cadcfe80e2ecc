// Every command of `eventstore` with its arguments, options and help text.
using EventStore.Functional.Cli.CommandLine;

namespace EventStore.Functional.Cli.Commands;

/// <summary>The commands, in the order the help lists them.</summary>
internal static class CommandTable
{
    private static readonly (string, string)[] StreamArgument = [("STREAM_ID", "The stream, '{aggregateId}:{aggregateType}'.")];

    public static IReadOnlyList<CommandSpec> All { get; } =
    [
        new("demo", "Run the tutorial walkthrough (the default command). Without --db it recreates ./events.db.", [],
            StoreChoice.Options(memory: true), WriteCommands.DemoAsync),
        new("init", "Create or upgrade the schema of the selected store (creates the SQLite file if missing).", [],
            StoreChoice.Options(memory: false), WriteCommands.InitAsync),
        new("stats", "Events, streams, aggregate types with their counts, global position, first/last StoredAt, size.", [],
            StoreChoice.Options(memory: false), InspectCommands.StatsAsync),
        new("streams", "Streams with their versions, newest first.", [],
            [new("--type", "T", "Only streams of aggregate type T."), new("--limit", "N", "At most N streams (default 50)."), .. StoreChoice.Options(memory: false)],
            InspectCommands.StreamsAsync),
        new("read", "A stream's events as a table, or as JSON lines (the export format).", StreamArgument,
            [
                new("--from", "N", "Only events after stream position N (exclusive; default 0)."),
                new("--backward", null, "Newest first."),
                new("--limit", "N", "At most N events."),
                new("--json", null, "Print JSON lines instead of a table."),
                .. StoreChoice.Options(memory: false),
            ],
            ReadCommands.ReadAsync),
        new("tail", "The global feed: the last events, or those after --from; with --follow, new events as they commit (Ctrl+C ends).", [],
            [
                new("--from", "POSITION", "Every event after global position POSITION (exclusive)."),
                new("--limit", "N", "Without --from: the last N events (default 10)."),
                new("--type", "T", "Only events of aggregate type T."),
                new("--tenant", "ID", "Only events of tenant ID."),
                new("--follow", null, "Keep polling and print new events."),
                new("--json", null, "Print JSON lines instead of a table."),
                .. StoreChoice.Options(memory: false),
            ],
            ReadCommands.TailAsync),
        new("append", "Append one event (stored as a raw JSON event; no compiled class needed).", StreamArgument,
            [
                new("--type", "EVENT_TYPE", "The event's type name (required)."),
                new("--data", "JSON", "The event's data as a JSON object (required)."),
                new("--expected", "N", "Fail unless the stream is at version N (0: new stream). Default: any version."),
                .. StoreChoice.Options(memory: false),
            ],
            WriteCommands.AppendAsync),
        new("export", "Write the global feed as JSON lines to stdout, in global order: eventstore export > events.jsonl", [],
            [new("--from", "POSITION", "Only events after global position POSITION (exclusive)."), .. StoreChoice.Options(memory: false)],
            TransferCommands.ExportAsync),
        new("import", "Append JSON lines from stdin (eventstore import < events.jsonl), keeping ids, streams, positions, times and order. Idempotent: a re-run completes an interrupted copy without duplicates.", [],
            StoreChoice.Options(memory: false), TransferCommands.ImportAsync),
    ];

    public static string Overview()
    {
        var w = new StringWriter();
        w.WriteLine("Usage: eventstore [command] [options]\n\nRun, inspect and move an event store from the terminal.\n\nCommands:");
        foreach (var c in All)
        {
            var args = string.Concat(c.Arguments.Select(a => $" {a.Name}"));
            var summary = c.Summary.Split(". ")[0].TrimEnd('.');
            w.WriteLine($"  {(c.Name + args).PadRight(20)}{summary}.");
        }

        w.WriteLine($"\nStore (every command): --db PATH (SQLite, default ./{StoreChoice.DefaultDatabase}), --postgres CONNECTION_STRING");
        w.WriteLine($"  (or ${StoreChoice.PostgresVariable}) with --schema NAME, --memory (demo only).");
        w.Write("Exit codes: 0 ok, 1 failure (conflict, missing store, store error), 2 usage error.\nRun 'eventstore COMMAND --help' for a command's options.");
        return w.ToString();
    }
}
