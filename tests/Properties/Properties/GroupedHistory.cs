// The generated shapes of the group-commit properties: a history, then the appends that go together (or race) after it.
using System.Collections.Immutable;

namespace EventStore.Functional.Tests.Properties;

/// <summary>
/// A history that builds the store, then the commands of one group of appends decided together after it (resolved by
/// <see cref="GroupMembers.Resolve(GroupedHistory)"/>). <paramref name="FreshOnly"/>: the group sends no id sent before (no
/// reuse, no retry), so the facts its exact expectations imply can hold.
/// </summary>
public sealed record GroupedHistory(Script History, ImmutableArray<Command> Members, bool FreshOnly)
{
    public override string ToString() =>
        $"{History}{Environment.NewLine}  group{(FreshOnly ? " (fresh ids only)" : "")}:{string.Concat(Members.Select((c, i) => $"{Environment.NewLine}  {i,2}: {c}"))}";
}

/// <summary>A history that builds the store, then appends sent all at once to a group commit with <paramref name="Writers"/> writers.</summary>
public sealed record ConcurrentHistory(Script History, ImmutableArray<Command> Appends, int Writers)
{
    public override string ToString() =>
        $"{History}{Environment.NewLine}  {Writers} writer(s), concurrently:{string.Concat(Appends.Select((c, i) => $"{Environment.NewLine}  {i,2}: {c}"))}";
}
