// Typed options with the CLI's own one-line messages: whole numbers, GUIDs and texts, each given at most once.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace EventStore.Functional.Cli.CommandLine;

/// <summary>Builds the options the commands share, so a bad value reads the same everywhere and never names a .NET type.</summary>
internal static class Options
{
    /// <summary>A whole number ≥ <paramref name="min"/> (null when absent).</summary>
    public static Option<long?> Number(string name, string valueName, string description, long min = 0) => new(name)
    {
        HelpName = valueName,
        Description = description,
        CustomParser = r => Once(r, name) is { } s
            ? long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min ? n : Error<long?>(r, $"{name} must be a whole number ≥ {min}, not '{s}'.")
            : null,
    };

    /// <summary>A GUID (null when absent).</summary>
    public static Option<Guid?> Id(string name, string valueName, string description) => new(name)
    {
        HelpName = valueName,
        Description = description,
        CustomParser = r => Once(r, name) is { } s
            ? Guid.TryParse(s, out var id) ? id : Error<Guid?>(r, $"{name} must be a GUID such as 6f9619ff-8b86-d011-b42d-00c04fc964ff, not '{s}'.")
            : null,
    };

    /// <summary>A text value (null when absent).</summary>
    public static Option<string?> Text(string name, string valueName, string description, bool hidden = false) => new(name)
    {
        HelpName = valueName,
        Description = description,
        Hidden = hidden,
        CustomParser = r => Once(r, name),
    };

    /// <summary>A flag.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>Whether <paramref name="option"/> appears on the command line.</summary>
    public static bool Given(this ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    // The option's one value; a repeated option is an error, not "last wins".
    private static string? Once(ArgumentResult r, string name)
    {
        if (r.Parent is OptionResult { IdentifierTokenCount: > 1 } || r.Tokens.Count > 1)
        {
            r.AddError($"{name} is given more than once; give it once.");
            return null;
        }

        return r.Tokens.Count == 1 ? r.Tokens[0].Value : null;
    }

    private static T? Error<T>(ArgumentResult r, string message)
    {
        r.AddError(message);
        return default;
    }
}
