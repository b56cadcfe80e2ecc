// A parsed command line: typed access to option values and positional arguments, with usage errors for bad values.
using System.Globalization;

namespace EventStore.Functional.Cli.CommandLine;

/// <summary>The options and arguments given to one command.</summary>
internal sealed class Invocation(string command, IReadOnlyDictionary<string, string?> values, IReadOnlyList<string> arguments)
{
    public string Command => command;

    public IReadOnlyList<string> Arguments => arguments;

    public bool Has(string name) => values.ContainsKey(name);

    public string? Text(string name) => values.TryGetValue(name, out var v) ? v : null;

    /// <summary>A whole number ≥ <paramref name="min"/>, or null when the option is absent.</summary>
    /// <exception cref="UsageException">The value is not such a number.</exception>
    public long? Number(string name, long min = 0) => Text(name) switch
    {
        null => null,
        var s when long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min => n,
        var s => throw new UsageException($"{name} must be a whole number ≥ {min}, not '{s}'.", $"see 'eventstore {command} --help'."),
    };

    /// <summary>A GUID, or null when the option is absent.</summary>
    /// <exception cref="UsageException">The value is not a GUID.</exception>
    public Guid? Id(string name) => Text(name) switch
    {
        null => null,
        var s when Guid.TryParse(s, out var id) => id,
        var s => throw new UsageException($"{name} must be a GUID, not '{s}'.", "write it like 6f9619ff-8b86-d011-b42d-00c04fc964ff."),
    };
}
