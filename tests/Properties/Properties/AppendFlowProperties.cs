// The one append flow over a session backed by the reference model: the members' answers in turn, assumed facts only when they hold, bounded retries.
using EventStore.Functional.Append;
using EventStore.Functional.Model;
using FsCheck;
using FsCheck.Fluent;
using LanguageExt;

namespace EventStore.Functional.Tests.Properties;

public sealed class AppendFlowProperties
{
    /// <summary>
    /// <see cref="AppendFlow.RunAsync"/> through a session over the reference model (which loads facts from it, and writes a
    /// decision only if its basis holds there) answers each member of a generated group as the model does when the members
    /// are applied alone, one after the other, and leaves the model's log as they do. A decision on assumed facts stands
    /// only when those facts held in the model (checked from SPEC §3, not with <see cref="AppendDecider.Assumed"/>); when
    /// they held and the session checks assumed facts it is the one write, with no load; when they did not, it cost one
    /// refutation. The group's ids are pairwise disjoint, as <see cref="GroupCommit"/> guarantees.
    /// </summary>
    [StoreProperty(MaxTest = 500, QuietOnSuccess = false)]
    public async Task<Property> The_flow_answers_as_the_members_applied_in_turn_and_stands_on_assumed_facts_only_when_they_hold(GroupedHistory group, bool checksAssumedFacts)
    {
        var (initial, members) = GroupMembers.Resolve(group);
        if (members.IsEmpty)
        {
            return true.ToProperty().Trivial(true);
        }

        var store = new ModelStore(initial);
        var session = new ModelSession(store, checksAssumedFacts);

        var flow = await AppendFlow.RunAsync(session, members, GroupMembers.Now, CancellationToken.None);

        var alone = InTurn.Apply(initial, members, GroupMembers.Now);
        var held = GroupMembers.AssumedFactsHold(initial, members);
        var tried = checksAssumedFacts && held is not null;
        return (alone.Results == flow.Results).Label($"answers: in turn [{string.Join(", ", alone.Results)}], flow [{string.Join(", ", flow.Results)}]")
            .And(SameLog(alone.Final, store.Model).Label("the log is the members' applied in turn"))
            .And((!flow.OnAssumedFacts || held == true).Label("stood on assumed facts that did not hold"))
            .And((flow.OnAssumedFacts == (tried && held == true)).Label($"on assumed facts: {flow.OnAssumedFacts}, though tried {tried} and held {held}"))
            .And((session.Loads == (flow.OnAssumedFacts ? 0 : 1)).Label($"{session.Loads} loads"))
            .And((flow.Refutations == (tried && held == false ? 1 : 0)).Label($"{flow.Refutations} refutations"))
            .Classify(flow.OnAssumedFacts, "written on assumed facts")
            .Classify(tried && held == false, "assumed facts refuted")
            .Classify(!tried, "loaded first");
    }

    /// <summary>
    /// A session that refutes its first <c>n</c> writes (0 to 4) whatever the facts, as a store racing other writers
    /// would: the flow still gives the members their answers in turn while <c>n</c> is below its attempts, the loaded
    /// ones (<see cref="AppendFlow.MaxLoadedAttempts"/>) plus one if it tried assumed facts, with <c>n</c> refutations
    /// reported; from there it throws <see cref="EventStoreException"/> and nothing is written.
    /// </summary>
    [StoreProperty(MaxTest = 500)]
    public async Task<Property> A_flow_refuted_n_times_answers_in_turn_while_attempts_remain_and_otherwise_throws_having_written_nothing(
        GroupedHistory group, bool checksAssumedFacts, byte refutations)
    {
        var (initial, members) = GroupMembers.Resolve(group);
        if (members.IsEmpty)
        {
            return true.ToProperty().Trivial(true);
        }

        var n = refutations % 5;
        var store = new ModelStore(initial);
        var session = new ModelSession(store, checksAssumedFacts, refuteFirst: n);
        var held = GroupMembers.AssumedFactsHold(initial, members);
        var tried = checksAssumedFacts && held is not null;
        var attempts = AppendFlow.MaxLoadedAttempts + (tried ? 1 : 0);

        AppendFlowResult? flow = null;
        Exception? error = null;
        try
        {
            flow = await AppendFlow.RunAsync(session, members, GroupMembers.Now, CancellationToken.None);
        }
        catch (EventStoreException e)
        {
            error = e;
        }

        var label = $"{n} refutations forced, {attempts} attempts";
        if (n >= attempts)
        {
            return (error is not null && error.GetType() == typeof(EventStoreException)).Label($"{label}: threw {error?.GetType().Name ?? "nothing"}")
                .And(ReferenceEquals(initial, store.Model).Label("nothing written"))
                .And((session.Writes == attempts).Label($"{session.Writes} writes tried"))
                .Classify(true, "gave up");
        }

        var alone = InTurn.Apply(initial, members, GroupMembers.Now);
        return (flow is not null && alone.Results == flow.Results).Label($"{label}: answers in turn [{string.Join(", ", alone.Results)}], flow [{string.Join(", ", flow?.Results ?? default)}] {error?.Message}")
            .And(SameLog(alone.Final, store.Model).Label("the log is the members' applied in turn"))
            .And((flow?.Refutations == n + (tried && n == 0 && held == false ? 1 : 0)).Label($"{flow?.Refutations} refutations reported"))
            .And((flow?.OnAssumedFacts == (tried && n == 0 && held == true)).Label("on assumed facts"))
            .Classify(n > 0, "refuted and retried");
    }

    [Fact]
    public async Task A_flow_refuted_on_every_loaded_attempt_throws_having_written_nothing()
    {
        var stream = StreamKey.Create(Guid.NewGuid(), "Task");
        var member = AppendRequest.Create(stream.AggregateId, stream.AggregateType, [new Support.TaskCreated()], ExpectedVersion.Any, ModelDriver.Registry);
        var store = new ModelStore(ReferenceModel.Empty);
        var session = new ModelSession(store, checksAssumedFacts: true, refuteFirst: AppendFlow.MaxLoadedAttempts);

        var error = await Assert.ThrowsAsync<EventStoreException>(() => AppendFlow.RunAsync(session, Prelude.Seq1(member), GroupMembers.Now, CancellationToken.None));

        Assert.Contains(stream.Id, error.Message, StringComparison.Ordinal);
        Assert.Same(ReferenceModel.Empty, store.Model);
        Assert.Equal((AppendFlow.MaxLoadedAttempts, AppendFlow.MaxLoadedAttempts), (session.Loads, session.Writes)); // Any: no assumed facts to try
    }

    // Same events at the same places: the stored copies compared as records (stamped copies of the very same sent events).
    internal static bool SameLog(ReferenceModel expected, ReferenceModel actual) => expected.Log == actual.Log;
}
