// The store a command was pointed at does not exist (no file, or a PostgreSQL schema without the store's tables).
namespace EventStore.Functional.Cli.CommandLine;

/// <summary>A <see cref="CliFailure"/> for a store that is not there; only <c>init</c> (or <c>--create</c>) makes one.</summary>
internal sealed class MissingStoreFailure(string message, string hint) : CliFailure(message, hint);
