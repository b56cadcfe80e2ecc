// A generated script (pool + commands), and the two shapes properties ask for: append-only histories and mixed sessions.
using System.Collections.Immutable;

namespace EventStore.Functional.Tests.Properties;

/// <summary>A pool of fresh ids and a sequence of commands over it.</summary>
public sealed record Script(Pool Pool, ImmutableArray<Command> Commands)
{
    public override string ToString() =>
        $"{Pool}; {Commands.Length} commands:{string.Concat(Commands.Select((c, i) => $"{Environment.NewLine}  {i,2}: {c}"))}";
}

/// <summary>A generated history of appends only (with conflicts, repeats, retries and invalid requests).</summary>
public sealed record History(Script Script)
{
    public override string ToString() => Script.ToString();
}

/// <summary>A generated session: appends interleaved with every kind of read.</summary>
public sealed record Session(Script Script)
{
    public override string ToString() => Script.ToString();
}
