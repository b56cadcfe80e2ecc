// Resolves a generated group (or a set of concurrent appends) after its history into requests, and the facts a store loads for them.
using System.Collections.Immutable;
using EventStore.Functional.Append;
using EventStore.Functional.Model;
using LanguageExt;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Tests.Properties;

/// <summary>Turns the symbolic commands of <see cref="GroupedHistory"/> and <see cref="ConcurrentHistory"/> into validated requests.</summary>
internal static class GroupMembers
{
    /// <summary>The decision instant of the properties' groups (with sub-microsecond ticks, which the decision truncates).</summary>
    public static DateTimeOffset Now { get; } = Moment.Origin.AddHours(2).AddTicks(7);

    /// <summary>
    /// The store the history builds, and the group: each member resolved as if the members before it had been applied
    /// (relative versions, reused ids), without the ids an earlier member sends (a group's members have pairwise disjoint
    /// ids: <see cref="GroupCommit"/> keeps an overlapping append for a later group), and without the members the facade
    /// refuses before any store is asked (an id reused with another stream's aggregate id stamped on it).
    /// </summary>
    public static (ReferenceModel Store, Seq<AppendRequest> Members) Resolve(GroupedHistory group) =>
        Resolve(group.History, group.Members, disjoint: true, group.FreshOnly);

    /// <summary>The store the history builds, and the appends, resolved as if applied one after the other (ids may overlap).</summary>
    public static (ReferenceModel Store, Seq<AppendRequest> Appends) Resolve(ConcurrentHistory run) =>
        Resolve(run.History, run.Appends, disjoint: false, freshOnly: false);

    /// <summary>
    /// What a store loads for <paramref name="members"/>: the version of each of their streams that has events (a stream
    /// not listed is at 0) and where their stored ids are.
    /// </summary>
    public static GroupFacts FactsOf(ReferenceModel model, Seq<AppendRequest> members) => new(
        toHashMap(members.Map(m => m.Stream).Distinct().Filter(s => model.VersionOf(s) > 0).Map(s => (s.Id, model.VersionOf(s)))),
        toHashMap(members.Bind(m => m.DistinctEventIds).Distinct().Choose(id => model.LocationOf(id).Map(at => (id, at)))));

    /// <summary>
    /// Whether the facts the members' expectations imply hold in <paramref name="model"/>, written out from SPEC §3 (not
    /// with <see cref="AppendDecider.Assumed"/>): null when some stream's first member expects Any or StreamExists (no
    /// facts implied); else whether every stream is at its first member's version (NoStream: 0) and no id is stored.
    /// </summary>
    public static bool? AssumedFactsHold(ReferenceModel model, Seq<AppendRequest> members)
    {
        var firsts = members.DistinctBy(m => m.Stream).ToList();
        if (firsts.Exists(m => m.ExpectedVersion == ExpectedVersion.Any || m.ExpectedVersion == ExpectedVersion.StreamExists))
        {
            return null;
        }

        return firsts.TrueForAll(m => model.VersionOf(m.Stream) == (m.ExpectedVersion == ExpectedVersion.NoStream ? 0 : m.ExpectedVersion.Value))
            && !members.Exists(m => m.Events.Exists(e => model.Contains(e.EventId)));
    }

    private static (ReferenceModel, Seq<AppendRequest>) Resolve(Script history, ImmutableArray<Command> commands, bool disjoint, bool freshOnly)
    {
        var driver = new ModelDriver(history.Pool);
        foreach (var command in history.Commands)
        {
            if (driver.Resolve(command) is { } call)
            {
                driver.Apply(call);
            }
        }

        var store = driver.Model;
        var taken = new System.Collections.Generic.HashSet<Guid>();
        var requests = new List<AppendRequest>();
        foreach (var command in commands)
        {
            if ((freshOnly ? Fresh(command) : command) is not { } kept || driver.Resolve(kept) is not { } call)
            {
                continue;
            }

            var events = disjoint ? [.. call.Events.Where(e => !taken.Contains(e.EventId))] : call.Events;
            if (events.Count == 0 || ModelDriver.Request(call with { Events = events }).Case is not AppendRequest request)
            {
                continue;
            }

            taken.UnionWith(events.Select(e => e.EventId));
            requests.Add(request);
            driver.Model = driver.Model.Append(request, Now).Match(Right: a => a.Store, Left: _ => driver.Model);
        }

        return (store, requests.ToSeq().Strict());
    }

    // The command with only its new events (no reuse, no retry); null when nothing is left.
    private static Command? Fresh(Command command) =>
        command is Command.Append a && a.Events.Where(r => r is EventRef.New).ToImmutableArray() is { Length: > 0 } fresh ? a with { Events = fresh } : null;
}
