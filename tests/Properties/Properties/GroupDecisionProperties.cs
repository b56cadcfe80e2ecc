// The pure group decision against the reference model: deciding a group equals deciding its members alone, in turn.
using EventStore.Functional.Append;
using FsCheck;
using FsCheck.Fluent;
using LanguageExt;
using static LanguageExt.Prelude;

namespace EventStore.Functional.Tests.Properties;

public sealed class GroupDecisionProperties
{
    /// <summary>
    /// For a store built by a generated history and a generated group (several streams, repeats, ids stored in the target
    /// stream or another, retries, every kind of expected version), <see cref="AppendDecider.DecideGroup"/> on the facts a
    /// store loads for the group gives each member exactly the verdict <see cref="AppendDecider.Decide"/> gives it when the
    /// members are applied to the reference model one after the other: the same rejection, retry, or write (the same
    /// stamped events at the same versions, the same skipped ids). The basis it asks the store to check is the loaded
    /// facts (each stream's version, the ids not stored), and with the global positions the model gave the writes, its
    /// answers are the model's.
    /// <para>Precondition (what <see cref="GroupCommit"/> guarantees, and the generator ensures by dropping an id from
    /// every member after the first that sends it): the members have pairwise disjoint event ids.</para>
    /// </summary>
    [StoreProperty(MaxTest = 1000, QuietOnSuccess = false)]
    public Property Deciding_a_group_gives_each_member_the_verdict_it_gets_applied_alone_after_the_members_before_it(GroupedHistory group)
    {
        var (store, members) = GroupMembers.Resolve(group);
        var facts = GroupMembers.FactsOf(store, members);

        var decision = AppendDecider.DecideGroup(members, facts, GroupMembers.Now);

        var alone = InTurn.Apply(store, members, GroupMembers.Now);
        for (var i = 0; i < members.Count; i++)
        {
            Assert.True(alone.Verdicts[i] == decision.Verdicts[i], $"member {i} ({members[i].Stream.Id}, {members[i].ExpectedVersion}): alone {alone.Verdicts[i]}, in the group {decision.Verdicts[i]}");
        }

        Assert.Equal(members, decision.Members);
        Assert.Equal(facts, decision.Basis);
        Assert.Equal(alone.Verdicts.Choose(v => v.Case is AppendDecision.Write w ? Some(w) : None), decision.Writes);
        Assert.Equal(members.Map(m => m.Stream).Distinct().Map(s => (s, store.VersionOf(s))), decision.Streams);
        Assert.Equal(members.Bind(m => m.Events).Map(e => e.EventId).Distinct().Filter(id => !store.Contains(id)), decision.Absent);
        Assert.Equal(alone.Results, decision.Results(alone.LastPositions));

        var verdicts = decision.Verdicts.Map(v => v.Match(Right: d => d.GetType().Name, Left: r => r.GetType().Name)).Distinct().OrderBy(n => n);
        return true.ToProperty()
            .Classify(members.Count < 2, "fewer than 2 members")
            .Classify(members.Map(m => m.Stream).Distinct().Count() < members.Count, "a stream twice")
            .Classify(decision.Verdicts.Exists(v => v.IsLeft) && decision.Writes.Count > 0, "rejections and writes mixed")
            .Collect(string.Join("+", verdicts));
    }
}
