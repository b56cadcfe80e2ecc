// One option of a command: its name, its value's name (null for a flag) and its help line.
namespace EventStore.Functional.Cli.CommandLine;

/// <summary>An option such as <c>--limit N</c> (<see cref="Value"/> = "N") or the flag <c>--json</c>.</summary>
internal sealed record OptionSpec(string Name, string? Value, string Help)
{
    public string Usage => Value is null ? Name : $"{Name} {Value}";
}
