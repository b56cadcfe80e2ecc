// A runtime failure the CLI reports in one line with a hint, exit code 1 (a conflict, a missing store, a store error).
namespace EventStore.Functional.Cli.CommandLine;

/// <summary>A failure that is not a usage error: the message says what happened, the hint what to do.</summary>
internal class CliFailure(string message, string hint) : Exception(message)
{
    public string Hint { get; } = hint;
}
