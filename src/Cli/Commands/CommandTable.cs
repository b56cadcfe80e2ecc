// The `eventstore` command tree: every command with its arguments and options, and what `eventstore` alone does.
using System.CommandLine;
using EventStore.Functional.Cli.CommandLine;

namespace EventStore.Functional.Cli.Commands;

/// <summary>Builds the root command (System.CommandLine adds --help, --version, response files and the completion directive).</summary>
internal static class CommandTable
{
    /// <summary>The exit codes, as the help lists them.</summary>
    public const string ExitCodes = "Exit codes: 0 ok, 1 failure (a conflict, a missing store, bad input data, a store error), 2 usage error, 130 interrupted (Ctrl+C; 'tail --follow' ends with 0).";

    public static RootCommand Root()
    {
        var root = new RootCommand($"Run, inspect and move an event store from the terminal. 'eventstore' alone runs the tutorial walkthrough on ./{Demo.DemoStore.DefaultFile} (a store of its own). Store options: --db PATH (SQLite, default ./{StoreChoice.DefaultDatabase}), --postgres CONNECTION_STRING (or ${StoreChoice.PostgresVariable}) with --schema NAME. {ExitCodes}");
        var memory = Options.Flag("--memory", "Run the walkthrough in memory (nothing is kept).");
        root.Add(memory);

        // The store options are accepted here only to say that a command is missing: `eventstore --db shop.db` must never
        // write the tutorial's events into shop.db.
        var store = StoreOptions.AddTo(root, hidden: true);
        root.SetAction((parse, ct) =>
        {
            if (store.AnyGiven(parse))
            {
                throw new UsageException(
                    "no command given: the store options (--db, --postgres, --schema) need a command.",
                    "e.g. 'eventstore stats --db shop.db'; 'eventstore demo --db new.db' runs the tutorial there; see 'eventstore --help'.");
            }

            return WriteCommands.DemoAsync(parse.GetValue(memory) ? new StoreChoice(StoreKind.Memory, "", "", Named: true) : new StoreChoice(StoreKind.Sqlite, Demo.DemoStore.DefaultFile, "", Named: true), ct);
        });

        foreach (var command in new[]
        {
            WriteCommands.Demo(), WriteCommands.Init(), InspectCommands.Stats(), InspectCommands.Streams(), ReadCommands.Read(),
            ReadCommands.Tail(), WriteCommands.Append(), TransferCommands.Export(), TransferCommands.Import(), CompletionCommand.Build(),
        })
        {
            root.Add(command);
        }

        return root;
    }
}
