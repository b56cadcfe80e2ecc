// The three backends the CLI can open.
namespace EventStore.Functional.Cli;

/// <summary>A backend.</summary>
internal enum StoreKind
{
    Sqlite,
    Postgres,
    Memory,
}
