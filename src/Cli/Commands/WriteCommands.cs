// `demo`, `init` and `append`: the commands that create or write a store.
using System.CommandLine;
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Cli.Demo;

namespace EventStore.Functional.Cli.Commands;

/// <summary>The writing commands.</summary>
internal static class WriteCommands
{
    /// <summary>The flag that lets a writing command create a store that does not exist yet.</summary>
    public static Option<bool> CreateFlag() => Options.Flag("--create", "Create the store (SQLite file or PostgreSQL schema) if it does not exist; without it a missing store is an error.");

    public static Command Demo()
    {
        var command = new Command("demo", $"Run the tutorial walkthrough (also what 'eventstore' alone does). Without a store option it uses ./{DemoStore.DefaultFile}, a store of its own that it recreates; it refuses any other store that holds events.");
        var store = StoreOptions.AddTo(command, memory: true);
        command.SetAction((parse, ct) => DemoAsync(store.From(parse, postgresFromEnvironment: false), ct));
        return command;
    }

    /// <summary>Runs the walkthrough on <paramref name="choice"/> after checking that it is the demo's to write.</summary>
    public static async Task<int> DemoAsync(StoreChoice choice, CancellationToken ct)
    {
        if (choice is { Kind: StoreKind.Sqlite, Named: false })
        {
            choice = choice with { Target = DemoStore.DefaultFile };
        }

        await DemoStore.PrepareAsync(choice, ct);
        await using var opened = await choice.OpenAsync(TutorialDemo.Registry, StoreAccess.Create, ct: ct);
        await TutorialDemo.RunAsync(opened.Store, Console.Out, ct);
        return 0;
    }

    public static Command Init()
    {
        var command = new Command("init", "Create or upgrade the schema of the selected store (creates the SQLite file or PostgreSQL schema if missing; not a PostgreSQL database).");
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var choice = store.From(parse);
            await using var opened = await choice.OpenAsync(Format.RawRegistry(), StoreAccess.Create, ct: ct);
            await Console.Out.WriteLineAsync($"Initialised {choice.Describe()} (global position {await opened.Store.GetGlobalPositionAsync(ct)}).");
            return 0;
        });
        return command;
    }

    public static Command Append()
    {
        var command = new Command("append", "Append one event (stored as a raw JSON event; no compiled class needed).");
        var streamId = ReadCommands.StreamArgument(command);
        var type = new Renamed(
            Options.Text("--event-type", "EVENT_TYPE", "The event's type name (required)."),
            Options.Text("--type", "EVENT_TYPE", "Deprecated: use --event-type.", hidden: true),
            "append").AddTo(command);
        var data = Options.Text("--data", "JSON", "The event's data as a JSON object (required).");
        var expected = Options.Number("--expected", "N", "Fail unless the stream is at version N (0: new stream). Default: any version.");
        var create = CreateFlag();
        command.Add(data);
        command.Add(expected);
        command.Add(create);
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var stream = ReadCommands.Stream(parse.GetValue(streamId));
            var eventType = type.Value(parse) is { Length: > 0 } t ? t : throw new UsageException("append needs --event-type EVENT_TYPE.", "e.g. --event-type TaskCreated.");
            var json = parse.GetValue(data) ?? throw new UsageException("append needs --data JSON.", "e.g. --data '{\"title\":\"Write docs\"}'.");
            RawEvent e;
            try
            {
                e = RawEvent.FromJson(eventType, json) with { AggregateId = stream.AggregateId, AggregateType = stream.AggregateType };
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"invalid --data: {ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal).ReplaceLineEndings(" ")}", "--data takes a JSON object, e.g. '{\"title\":\"Write docs\"}' (quote it for your shell).");
            }

            var version = parse.GetValue(expected) is { } n ? ExpectedVersion.Exact(n) : ExpectedVersion.Any;
            var choice = store.From(parse);
            await using var opened = await choice.OpenAsync(Format.RawRegistry(), parse.GetValue(create) ? StoreAccess.Create : StoreAccess.Write, ct: ct);
            try
            {
                var result = await opened.Store.AppendEventsAsync(stream.AggregateId, stream.AggregateType, [e], version, ct);
                await Console.Out.WriteLineAsync($"Appended {e.EventId} to {stream.Id}: version {result.NewVersion}, global position {result.GlobalPosition}.");
                return 0;
            }
            catch (OptimisticLockException ex)
            {
                throw new CliFailure($"conflict: {stream.Id} is at version {ex.ActualVersion}, not {ex.ExpectedVersion}; nothing was written.", $"read the stream ('eventstore read {stream.Id}') and retry with --expected {ex.ActualVersion}.");
            }
        });
        return command;
    }
}
