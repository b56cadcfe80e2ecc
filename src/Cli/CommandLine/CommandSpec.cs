// One command: name, summary, positional arguments, options, and what it runs; parses its own arguments.
namespace EventStore.Functional.Cli.CommandLine;

/// <summary>A command of the <c>eventstore</c> tool.</summary>
internal sealed record CommandSpec(
    string Name,
    string Summary,
    IReadOnlyList<(string Name, string Help)> Arguments,
    IReadOnlyList<OptionSpec> Options,
    Func<Invocation, CancellationToken, Task<int>> Run)
{
    /// <summary>Splits <paramref name="args"/> into options and positional arguments.</summary>
    /// <exception cref="UsageException">An unknown option, a missing value, or a wrong number of arguments.</exception>
    public Invocation Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                positional.Add(arg);
                continue;
            }

            var (name, inline) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            var option = Options.FirstOrDefault(o => o.Name == name)
                ?? throw new UsageException($"unknown option '{name}' for '{Name}'.", $"see 'eventstore {Name} --help'.");
            if (option.Value is null)
            {
                values[name] = inline ?? "";
                continue;
            }

            if (inline is null && (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                throw new UsageException($"{name} needs a value ({option.Value}).", $"see 'eventstore {Name} --help'.");
            }

            values[name] = inline ?? args[++i];
        }

        if (positional.Count != Arguments.Count)
        {
            var expected = Arguments.Count == 0 ? "no arguments" : string.Join(' ', Arguments.Select(a => a.Name));
            throw new UsageException(
                positional.Count < Arguments.Count ? $"'{Name}' needs {expected}." : $"unexpected argument '{positional[Arguments.Count]}' for '{Name}' (it takes {expected}).",
                $"see 'eventstore {Name} --help'.");
        }

        return new Invocation(Name, values, positional);
    }

    /// <summary>The command's help text.</summary>
    public string Help()
    {
        var w = new StringWriter();
        var args = string.Concat(Arguments.Select(a => $" {a.Name}"));
        w.WriteLine($"Usage: eventstore {Name}{args} [options]\n\n{Summary}");
        var width = Math.Max(Arguments.Select(a => a.Name.Length).DefaultIfEmpty(0).Max(), Options.Max(o => o.Usage.Length)) + 4;
        if (Arguments.Count > 0)
        {
            w.WriteLine("\nArguments:");
            foreach (var (name, help) in Arguments)
            {
                w.WriteLine($"  {name.PadRight(width)}{help}");
            }
        }

        w.WriteLine("\nOptions:");
        foreach (var option in Options)
        {
            w.WriteLine($"  {option.Usage.PadRight(width)}{option.Help}");
        }

        w.Write($"  {"-h, --help".PadRight(width)}Show this help.");
        return w.ToString();
    }
}
