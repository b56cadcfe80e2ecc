// An option renamed for clarity whose old spelling keeps working, with a note on stderr.
using System.CommandLine;

namespace EventStore.Functional.Cli.CommandLine;

/// <summary>A current option and its deprecated, hidden old spelling.</summary>
internal sealed class Renamed(Option<string?> current, Option<string?> old, string command)
{
    /// <summary>The aggregate type filter of <paramref name="command"/> (<c>--aggregate-type</c>, formerly <c>--type</c>), added to it.</summary>
    public static Renamed AggregateType(Command command, string description) => new Renamed(
        Options.Text("--aggregate-type", "TYPE", description),
        Options.Text("--type", "TYPE", "Deprecated: use --aggregate-type.", hidden: true),
        command.Name).AddTo(command);

    /// <summary>Adds both to <paramref name="target"/>.</summary>
    public Renamed AddTo(Command target)
    {
        target.Add(current);
        target.Add(old);
        return this;
    }

    /// <summary>The value of whichever spelling was given (the old one with a deprecation note on stderr).</summary>
    /// <exception cref="UsageException">Both spellings were given.</exception>
    public string? Value(ParseResult parse)
    {
        if (!parse.Given(old))
        {
            return parse.GetValue(current);
        }

        if (parse.Given(current))
        {
            throw new UsageException($"{old.Name} is the old name of {current.Name}; give only {current.Name}.", $"see 'eventstore {command} --help'.");
        }

        Console.Error.WriteLine($"eventstore: note: {old.Name} is deprecated for '{command}'; use {current.Name}.");
        return parse.GetValue(old);
    }
}
