// Which store a command runs on (a SQLite file, a PostgreSQL schema, or memory) and how it is opened for that command.
using EventStore.Functional.Cli.CommandLine;
using EventStore.Functional.Memory;
using EventStore.Functional.Postgres;
using EventStore.Functional.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EventStore.Functional.Cli;

/// <summary>The store selected on the command line; <paramref name="Named"/> says whether the user named it (not a default).</summary>
internal sealed record StoreChoice(StoreKind Kind, string Target, string Schema, bool Named)
{
    /// <summary>The file used when no store option is given.</summary>
    public const string DefaultDatabase = "events.db";

    /// <summary>The environment variable read when <c>--postgres</c> is not given.</summary>
    public const string PostgresVariable = "EVENTSTORE_POSTGRES";

    private const int SqliteError = 1;
    private const int SqliteNotADatabase = 26;

    /// <summary>A short description for messages: the file, or the schema and host.</summary>
    public string Describe() => Kind switch
    {
        StoreKind.Sqlite => $"SQLite {Target}",
        StoreKind.Postgres => $"PostgreSQL schema {Schema} on {HostOf(Target)}",
        _ => "memory",
    };

    /// <summary>The store options that select this store again, for hints.</summary>
    public string Arguments => Kind switch
    {
        StoreKind.Sqlite => $"--db {Target}",
        StoreKind.Postgres => $"--postgres '…' --schema {Schema}",
        _ => "--memory",
    };

    /// <summary>
    /// Opens the store for <paramref name="access"/>. Only <see cref="StoreAccess.Create"/> creates a SQLite file or a
    /// PostgreSQL schema (and upgrades an old one); otherwise the store must exist and be initialised, which is checked
    /// with one read before the command runs, so a mistyped path or schema fails with a hint instead of a new store.
    /// </summary>
    /// <exception cref="CliFailure">The store is missing, not an event store, or cannot be created where asked.</exception>
    /// <exception cref="UsageException">An unreadable PostgreSQL connection string.</exception>
    public async Task<OpenedStore> OpenAsync(EventRegistry registry, StoreAccess access, TimeProvider? clock = null, CancellationToken ct = default)
    {
        clock ??= TimeProvider.System;
        OpenedStore opened;
        switch (Kind)
        {
            case StoreKind.Memory:
                return new OpenedStore(new InMemoryEventStore(registry, clock), null);
            case StoreKind.Sqlite:
                CheckSqlitePath(access);
                opened = new OpenedStore(new SqliteEventStore(new SqliteEventStoreOptions { Database = Target, Registry = registry }, clock), null);
                break;
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

                opened = new OpenedStore(new PostgresEventStore(source, new PostgresEventStoreOptions { Schema = Schema, Registry = registry }) { Clock = clock }, source);
                break;
        }

        try
        {
            await (access == StoreAccess.Create ? opened.Store.InitializeAsync(ct) : ProbeAsync(opened.Store, ct)).ConfigureAwait(false);
            return opened;
        }
        catch
        {
            await opened.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The path must name a file: an existing one unless the store is being created, in a directory that exists.
    private void CheckSqlitePath(StoreAccess access)
    {
        if (Target == ":memory:")
        {
            return;
        }

        if (Directory.Exists(Target))
        {
            throw new CliFailure($"'{Target}' is a directory, not a SQLite file.", $"pass --db PATH of a file, e.g. --db {Path.Combine(Target, DefaultDatabase)}.");
        }

        if (File.Exists(Target))
        {
            return;
        }

        if (access != StoreAccess.Create)
        {
            throw new MissingStoreFailure($"no event store at '{Target}' (file not found).", $"pass --db PATH of an existing store, or create one with 'eventstore init --db {Target}'.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(Target));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new CliFailure($"cannot create '{Target}': the directory '{directory}' does not exist.", $"create the directory first (mkdir -p {directory}), or pass --db PATH in an existing directory.");
        }
    }

    // One cheap read that fails, with a hint, when the target is not an initialised event store.
    private async Task ProbeAsync(IEventStore store, CancellationToken ct)
    {
        try
        {
            await store.GetGlobalPositionAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresSchemaException)
        {
            throw new MissingStoreFailure($"no event store in {Describe()} (its tables are missing).", $"create it with 'eventstore init {Arguments}', or check --schema.");
        }
        catch (EventStoreUnavailableException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: SqliteNotADatabase })
        {
            throw new CliFailure($"'{Target}' is not a SQLite database.", "pass --db PATH of an event store created by 'eventstore init'.");
        }
        catch (EventStoreUnavailableException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: SqliteError })
        {
            // The probe's one statement reads the events table: SQLITE_ERROR there means the table does not exist.
            throw new CliFailure($"'{Target}' is a SQLite file but not an event store (no events table).", $"create the schema with 'eventstore init --db {Target}', or check --db.");
        }
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
