// A command line the CLI cannot run: reported in one line with a hint, exit code 2.
namespace EventStore.Functional.Cli.CommandLine;

/// <summary>Bad arguments or input: the message says what was wrong, the hint what to do.</summary>
internal sealed class UsageException(string message, string hint) : Exception(message)
{
    public string Hint { get; } = hint;
}
