// A generated script (pool + commands), and the shapes properties ask for: append-only histories (also branched) and mixed sessions.
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

/// <summary>
/// A generated history of appends in which command number <c>i</c> extends the value made <see cref="Back"/>(i) values
/// before the newest one so far: 0 extends the newest, as a store does; more extends an older value (a branch).
/// </summary>
public sealed record BranchedHistory(Script Script, ImmutableArray<int> Backs)
{
    /// <summary>How many values back from the newest command number <paramref name="command"/> extends (cycling through <see cref="Backs"/>; none: 0).</summary>
    public int Back(int command) => Backs.IsEmpty ? 0 : Backs[command % Backs.Length];

    public override string ToString() => $"{Script}{Environment.NewLine}  back: [{string.Join(", ", Backs)}]";
}
