// Which store a command runs on, from its options: a SQLite file (default ./events.db), a PostgreSQL schema, or memory (demo).
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Memory;
using EventStore.Functional.Postgres;
using EventStore.Functional.Sqlite;
using Npgsql;

namespace EventStore.Functional.Cli;

/// <summary>The store selected on the command line.</summary>
internal sealed record StoreChoice(StoreKind Kind, string Target, string Schema)
{
    /// <summary>The file used when no store option is given.</summary>
    public const string DefaultDatabase = "events.db";

    /// <summary>The environment variable read when <c>--postgres</c> is not given.</summary>
    public const string PostgresVariable = "EVENTSTORE_POSTGRES";

    /// <summary>The store options every command takes (<c>--memory</c> only the demo).</summary>
    public static IReadOnlyList<OptionSpec> Options(bool memory) =>
    [
        new("--db", "PATH", $"SQLite file (default ./{DefaultDatabase})."),
        new("--postgres", "CONNECTION_STRING", $"PostgreSQL connection string (default: ${PostgresVariable})."),
        new("--schema", "NAME", "PostgreSQL schema (default public)."),
        .. memory ? [new OptionSpec("--memory", null, "Use the in-memory store.")] : Array.Empty<OptionSpec>(),
    ];

    /// <summary>A short description for messages: the file, or the schema and host.</summary>
    public string Describe() => Kind switch
    {
        StoreKind.Sqlite => $"SQLite {Target}",
        StoreKind.Postgres => $"PostgreSQL schema {Schema} on {HostOf(Target)}",
        _ => "memory",
    };

    /// <summary>Reads the store options of <paramref name="inv"/>.</summary>
    /// <exception cref="UsageException">Two stores chosen at once, or <c>--schema</c> without PostgreSQL.</exception>
    public static StoreChoice From(Invocation inv)
    {
        ArgumentNullException.ThrowIfNull(inv);
        var chosen = new[] { "--db", "--postgres", "--memory" }.Where(inv.Has).ToList();
        if (chosen.Count > 1)
        {
            throw new UsageException($"choose one store, not {string.Join(" and ", chosen)}.", "pass one of --db PATH, --postgres CONNECTION_STRING or --memory.");
        }

        var postgres = inv.Text("--postgres") ?? (chosen.Count == 0 ? Environment.GetEnvironmentVariable(PostgresVariable) : null);
        if (inv.Has("--schema") && string.IsNullOrEmpty(postgres))
        {
            throw new UsageException("--schema applies to PostgreSQL only.", $"add --postgres CONNECTION_STRING or set {PostgresVariable}.");
        }

        if (inv.Has("--memory"))
        {
            return new StoreChoice(StoreKind.Memory, "", "");
        }

        return string.IsNullOrEmpty(postgres)
            ? new StoreChoice(StoreKind.Sqlite, inv.Text("--db") ?? DefaultDatabase, "")
            : new StoreChoice(StoreKind.Postgres, postgres, inv.Text("--schema") ?? "public");
    }

    /// <summary>
    /// Opens the store. A writing command initialises it (creating a SQLite file or PostgreSQL schema as needed); a
    /// read-only one never creates anything and fails on a missing SQLite file.
    /// </summary>
    /// <exception cref="CliFailure">A read-only command on a SQLite file that does not exist.</exception>
    /// <exception cref="UsageException">An unreadable PostgreSQL connection string.</exception>
    public async Task<OpenedStore> OpenAsync(EventRegistry registry, bool write, TimeProvider? clock = null, CancellationToken ct = default)
    {
        clock ??= TimeProvider.System;
        switch (Kind)
        {
            case StoreKind.Memory:
                return new OpenedStore(new InMemoryEventStore(registry, clock), null);
            case StoreKind.Sqlite:
                if (!write && !File.Exists(Target))
                {
                    throw new CliFailure($"no event store at '{Target}' (file not found).", $"pass --db PATH of an existing store, or create one with 'eventstore init --db {Target}'.");
                }

                var sqlite = new SqliteEventStore(new SqliteEventStoreOptions { Database = Target, Registry = registry }, clock);
                return await Initialised(new OpenedStore(sqlite, null), write, ct).ConfigureAwait(false);
            default:
                NpgsqlDataSource source;
                try
                {
                    source = NpgsqlDataSource.Create(Target);
                }
                catch (ArgumentException ex)
                {
                    throw new UsageException($"invalid PostgreSQL connection string: {ex.Message}", "write it like 'Host=localhost;Username=me;Password=secret;Database=events'.");
                }

                var postgres = new PostgresEventStore(source, new PostgresEventStoreOptions { Schema = Schema, Registry = registry }) { Clock = clock };
                return await Initialised(new OpenedStore(postgres, source), write, ct).ConfigureAwait(false);
        }
    }

    private static async Task<OpenedStore> Initialised(OpenedStore opened, bool write, CancellationToken ct)
    {
        if (write)
        {
            try
            {
                await opened.Store.InitializeAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                await opened.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return opened;
    }

    private static string HostOf(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }
}
