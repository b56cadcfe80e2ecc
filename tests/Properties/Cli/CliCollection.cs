// The collection every CLI test class runs in: alone, so timed promises time the CLI and not a busy machine.
namespace EventStore.Functional.Tests.Cli;

/// <summary>
/// Runs alone: <c>tail --follow</c> is timed against its one-second promise, and parallel test classes keeping a small
/// machine's cores busy would time them instead.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "CliTests";
}
