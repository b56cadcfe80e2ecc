// What to do next after a store failure: one hint per failure class, by exception type and SQLSTATE (never message text).
using System.Net.Sockets;
using EventStore.Functional.Postgres;
using EventStore.Functional.Sqlite;
using Npgsql;

namespace EventStore.Functional.Cli.CommandLine;

/// <summary>The hint line printed under a store failure.</summary>
internal static class Hints
{
    /// <summary>A hint for <paramref name="ex"/>, raised by the command named <paramref name="command"/>.</summary>
    public static string For(EventStoreException ex, string command) => ex switch
    {
        PostgresSchemaException => "create or upgrade the schema with 'eventstore init' (with the same --postgres and --schema).",
        PostgresUnavailableException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
            "the database does not exist: create it first (createdb NAME, or CREATE DATABASE NAME); 'eventstore init' creates schemas and tables, not databases.",
        PostgresUnavailableException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            "check Username and Password in the connection string.",
        PostgresUnavailableException { InnerException: NpgsqlException { InnerException: SocketException } } =>
            "is PostgreSQL running and reachable? check Host and Port in the connection string.",
        AppendOutcomeUnknownException when command == "import" => "the last batch may be stored: run the same import again, which skips what is already there.",
        AppendOutcomeUnknownException => "the event may be stored: check with 'eventstore read STREAM_ID' before appending again (a new append has a new event id).",
        SqliteStoreBusyException => "another connection holds the SQLite file locked; retry when it is done.",
        EventStoreUnavailableException => "check the store options (--db, --postgres, --schema).",
        DuplicateEventException => "the event id is already stored in another stream; append with a new id.",
        _ => $"see 'eventstore {command} --help'.",
    };
}
