// The store options every command takes (--db, --postgres, --schema; --memory for the demo) and the choice they make.
using System.CommandLine;
using EventStore.Functional.Cli.CommandLine;

namespace EventStore.Functional.Cli;

/// <summary>The options that select a store, added to each command (a set per command: an option has one parent).</summary>
internal sealed class StoreOptions
{
    private readonly Option<string?> _db = Options.Text("--db", "PATH", $"SQLite file (default ./{StoreChoice.DefaultDatabase}).");
    private readonly Option<string?> _postgres = Options.Text("--postgres", "CONNECTION_STRING", $"PostgreSQL connection string (default: ${StoreChoice.PostgresVariable}).");
    private readonly Option<string?> _schema = Options.Text("--schema", "NAME", "PostgreSQL schema (default public).");
    private readonly Option<bool>? _memory;

    private StoreOptions(bool memory, bool hidden)
    {
        _memory = memory ? Options.Flag("--memory", "Use an in-memory store (nothing is kept).") : null;
        foreach (var option in All)
        {
            option.Hidden = hidden;
        }
    }

    private IEnumerable<Option> All => _memory is null ? [_db, _postgres, _schema] : [_db, _postgres, _schema, _memory];

    /// <summary>Adds the store options to <paramref name="command"/> and returns them.</summary>
    public static StoreOptions AddTo(Command command, bool memory = false, bool hidden = false)
    {
        var options = new StoreOptions(memory, hidden);
        foreach (var option in options.All)
        {
            command.Add(option);
        }

        return options;
    }

    /// <summary>Whether any store option is on the command line.</summary>
    public bool AnyGiven(ParseResult parse) => All.Any(parse.Given);

    /// <summary>Reads the store options; <paramref name="postgresFromEnvironment"/> says whether $EVENTSTORE_POSTGRES counts.</summary>
    /// <exception cref="UsageException">Two stores chosen at once, or <c>--schema</c> without PostgreSQL.</exception>
    public StoreChoice From(ParseResult parse, bool postgresFromEnvironment = true)
    {
        var chosen = new Option[] { _db, _postgres }.Concat(_memory is null ? [] : [_memory]).Where(parse.Given).Select(o => o.Name).ToList();
        if (chosen.Count > 1)
        {
            throw new UsageException($"choose one store, not {string.Join(" and ", chosen)}.", "pass one of --db PATH, --postgres CONNECTION_STRING or --memory.");
        }

        var postgres = parse.GetValue(_postgres)
            ?? (chosen.Count == 0 && (postgresFromEnvironment || parse.Given(_schema)) ? Environment.GetEnvironmentVariable(StoreChoice.PostgresVariable) : null);
        if (parse.Given(_schema) && string.IsNullOrEmpty(postgres))
        {
            throw new UsageException("--schema applies to PostgreSQL only.", $"add --postgres CONNECTION_STRING or set {StoreChoice.PostgresVariable}.");
        }

        if (_memory is not null && parse.GetValue(_memory))
        {
            return new StoreChoice(StoreKind.Memory, "", "", Named: true);
        }

        if (!string.IsNullOrEmpty(postgres))
        {
            return new StoreChoice(StoreKind.Postgres, postgres, parse.GetValue(_schema) ?? "public", Named: parse.Given(_schema));
        }

        var db = parse.GetValue(_db);
        if (db is { Length: 0 })
        {
            throw new UsageException("--db needs a file path, not an empty string.", "e.g. --db shop.db.");
        }

        return new StoreChoice(StoreKind.Sqlite, db ?? StoreChoice.DefaultDatabase, "", Named: db is not null);
    }
}
