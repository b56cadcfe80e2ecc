// Which store the CLI runs on, from its arguments: a SQLite file (the default) or the in-memory store.
using EventStore.Functional.Memory;
using EventStore.Functional.Sqlite;

namespace EventStore.Functional.Cli;

/// <summary>The store selected on the command line.</summary>
/// <param name="Database">The SQLite file, or null for the in-memory store.</param>
/// <param name="Fresh">Whether to delete the file first (the default file is recreated on every run).</param>
public sealed record StoreChoice(string? Database, bool Fresh)
{
    /// <summary>The file used when neither <c>--db</c> nor <c>--memory</c> is given.</summary>
    public const string DefaultDatabase = "events.db";

    /// <summary>Reads <c>[demo] [--db PATH | --memory]</c>; null when the arguments are invalid.</summary>
    public static StoreChoice? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Error(args) is null ? Choose(args) : null;
    }

    /// <summary>What is wrong with <paramref name="args"/>, or null.</summary>
    public static string? Error(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "demo" or "--memory":
                    break;
                case "--db" when i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal):
                    i++;
                    break;
                case "--db":
                    return "--db needs a file path.";
                default:
                    return $"unknown argument '{args[i]}'.";
            }
        }

        return args.Contains("--memory") && args.Contains("--db") ? "choose either --db or --memory." : null;
    }

    /// <summary>Opens and initialises the chosen store with <paramref name="registry"/>.</summary>
    public async Task<IEventStore> OpenAsync(EventRegistry registry)
    {
        if (Database is null)
        {
            return new InMemoryEventStore(registry);
        }

        if (Fresh)
        {
            foreach (var file in new[] { Database, $"{Database}-wal", $"{Database}-shm" })
            {
                File.Delete(file);
            }
        }

        var store = new SqliteEventStore(new SqliteEventStoreOptions { Database = Database, Registry = registry });
        await store.InitializeAsync().ConfigureAwait(false);
        return store;
    }

    private static StoreChoice Choose(IReadOnlyList<string> args)
    {
        if (args.Contains("--memory"))
        {
            return new StoreChoice(null, Fresh: false);
        }

        var at = args.ToList().IndexOf("--db");
        return at < 0 ? new StoreChoice(DefaultDatabase, Fresh: true) : new StoreChoice(args[at + 1], Fresh: false);
    }
}
